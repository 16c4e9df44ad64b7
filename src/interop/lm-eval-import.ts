// lm-evaluation-harness output as the lab's points: each results file is one point (the model it
// evaluated; an exported sweep's checkpoint folder name gives the compression), each KICK task its
// lab task. Where samples files are given, kick and strict are recomputed from every document with
// the lab's own rules (src/tasks/scoring/); otherwise the aggregate numbers are taken as written.
import { wilsonInterval } from '../stats/proportion.ts';
import { MMLU_SUBJECT_CATEGORY } from '../tasks/datasets/mmlu-categories.ts';
import { RECORD_SCHEMA_ID, RECORD_VERSION, type RunRecord, type TaskScores } from '../tasks/record.ts';
import { taskScoresOf } from '../tasks/record-scores.ts';
import { emptySkips, mean, type ExampleRecord, type GroupScore, type TaskId, type TaskResult } from '../tasks/result.ts';
import { factoidKickMatch, factoidStrictMatch } from '../tasks/scoring/factoid.ts';
import { icrF1, icrKickEm, icrPrediction, icrQuestionPart, icrStrictEm } from '../tasks/scoring/icr.ts';
import { CHOICE_LETTERS, mcrKickPrediction } from '../tasks/scoring/mcr.ts';
import { sha256Hex } from './hash.ts';
import { LmEvalImportError, metricOf, modelArgs, readLmEvalFile, whereItRan, type LmEvalResults, type LmEvalSample } from './lm-eval-files.ts';
import type { PlannedPoint } from './cluster-export.ts';

type Rule = 'kick' | 'strict';

/** Which lab task (and rule, and MMLU subject) an lm-eval task name stands for; null: not a KICK task. */
interface TaskRole {
  task: TaskId;
  rule: Rule | 'both' | 'perplexity';
  subject?: string;
}

const SUBJECTS = new Set(Object.keys(MMLU_SUBJECT_CATEGORY));

export function taskRole(name: string): TaskRole | null {
  if (name === 'kick_factoid') return { task: 'factoid', rule: 'both' };
  if (name === 'kick_triviaqa_closed') return { task: 'icr_closed', rule: 'both' };
  if (name === 'kick_triviaqa_open') return { task: 'icr_open', rule: 'both' };
  if (name === 'kick_wikitext' || name === 'wikitext') return { task: 'perplexity', rule: 'perplexity' };
  const kickMmlu = /^kick_mmlu_(kick|strict)(?:_(.+))?$/.exec(name);
  if (kickMmlu && (!kickMmlu[2] || SUBJECTS.has(kickMmlu[2]))) return { task: 'mcr', rule: kickMmlu[1] as Rule, subject: kickMmlu[2] };
  // lm-eval's own MMLU scores ' A'..' D' by log-likelihood after 5 shots: the strict rule.
  if (name === 'mmlu') return { task: 'mcr', rule: 'strict' };
  const mmlu = /^mmlu_(.+)$/.exec(name);
  if (mmlu && SUBJECTS.has(mmlu[1])) return { task: 'mcr', rule: 'strict', subject: mmlu[1] };
  return null;
}

const LABELS: Record<Rule, Partial<Record<TaskId, string>>> = {
  kick: {
    factoid: 'alias in lowercased prompt+output with spaces removed (lm-eval run; divided by the questions scored)',
    mcr: 'last character of prompt + one greedy token (lm-eval run)',
    icr_closed: 'normalised gold within prediction or prediction within gold (empty prediction = 1); mean EM (lm-eval run)',
    icr_open: 'normalised gold within prediction or prediction within gold (empty prediction = 1); mean EM (lm-eval run)',
  },
  strict: {
    factoid: 'alias in the generated continuation only (lm-eval run)',
    mcr: "argmax log-likelihood of ' A'..' D' (lm-eval run)",
    icr_closed: 'normalised exact match; mean EM (lm-eval run)',
    icr_open: 'normalised exact match; mean EM (lm-eval run)',
  },
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function promptOf(s: LmEvalSample): string {
  const args = s.arguments as Record<string, { arg_0?: unknown }> | unknown[] | undefined;
  if (Array.isArray(args)) return str((args[0] as unknown[] | undefined)?.[0]);
  return str(args?.gen_args_0?.arg_0);
}

function outputOf(s: LmEvalSample): string {
  const first = s.filtered_resps[0];
  return Array.isArray(first) ? str(first[0]) : str(first);
}

/** kick_factoid documents are freebase_qa rows with the aliases utils.process_freebase added. */
function factoidExample(s: LmEvalSample): ExampleRecord {
  const answers = Array.isArray(s.doc.answers) ? s.doc.answers.map(String) : [];
  const prompt = promptOf(s);
  const output = outputOf(s);
  return {
    id: str(s.doc['Question-ID']) || `doc-${s.doc_id}`,
    prompt,
    output,
    targets: answers,
    scores: { kick: factoidKickMatch(answers, prompt + output), strict: factoidStrictMatch(answers.filter((a) => a.trim()), output) },
  };
}

function icrExample(s: LmEvalSample, open: boolean): ExampleRecord {
  const answer = (s.doc.answer ?? {}) as { value?: unknown; aliases?: unknown; normalized_aliases?: unknown };
  const normalized = Array.isArray(answer.normalized_aliases) ? answer.normalized_aliases.map(String) : [];
  const aliases = Array.isArray(answer.aliases) ? answer.aliases.map(String) : [];
  const value = str(answer.value);
  const golds = normalized.length ? normalized : [value, ...aliases.filter((a) => a !== value)];
  const prompt = promptOf(s);
  const output = outputOf(s);
  const prediction = icrPrediction(prompt + output, icrQuestionPart(str(s.doc.question), open), output);
  return {
    id: str(s.doc.question_id) || `doc-${s.doc_id}`,
    prompt,
    output,
    targets: golds,
    scores: { kick: icrKickEm(prediction, golds), strict: icrStrictEm(prediction, golds), f1: icrF1(prediction, golds) },
  };
}

/** One MMLU document under one rule: kick from the generated token, strict from the four log-likelihoods. */
function mcrOutcome(s: LmEvalSample, rule: Rule): { output: string; hit: number } | null {
  const answer = typeof s.doc.answer === 'number' ? s.doc.answer : null;
  if (answer === null) return null;
  if (rule === 'kick') {
    const output = outputOf(s);
    return { output, hit: mcrKickPrediction(promptOf(s), output) === CHOICE_LETTERS[answer] ? 1 : 0 };
  }
  const lls = s.filtered_resps.map((r) => Number(Array.isArray(r) ? r[0] : r));
  if (lls.length !== 4 || lls.some((v) => !Number.isFinite(v))) return null;
  let best = 0;
  for (let i = 1; i < 4; i++) if (lls[i] > lls[best]) best = i;
  return { output: CHOICE_LETTERS[best], hit: best === answer ? 1 : 0 };
}

interface TaskInputs {
  /** lm-eval task name -> its results file's numbers (one results file per point). */
  names: string[];
  samples: Map<string, LmEvalSample[]>;
}

function scoreOf(rule: Rule, task: TaskId, value: number | null, count: number) {
  return { rule, label: LABELS[rule][task] ?? `${rule} (lm-eval run)`, value, count };
}

function resultOf(task: TaskId, examples: ExampleRecord[], groups: GroupScore[] = [], metrics: Record<string, number | null> = {}): TaskResult {
  const values = (rule: Rule) => examples.flatMap((e) => (typeof e.scores[rule] === 'number' ? [e.scores[rule] as number] : []));
  const kick = values('kick');
  const strict = values('strict');
  return {
    task,
    dataset: `lm-eval ${task}`,
    kick: scoreOf('kick', task, mean(kick), kick.length),
    strict: scoreOf('strict', task, mean(strict), strict.length),
    metrics: { ...metrics, ...(examples.some((e) => typeof e.scores.f1 === 'number') ? { f1: mean(examples.map((e) => e.scores.f1 ?? 0)) } : {}) },
    groups,
    examples,
    skipped: emptySkips(),
    truncated: 0,
    timingMs: 0,
  };
}

function mcrFromSamples(inputs: TaskInputs): TaskResult | null {
  const byDoc = new Map<string, ExampleRecord>();
  for (const name of inputs.names) {
    const role = taskRole(name);
    const list = inputs.samples.get(name);
    if (!role || role.rule === 'both' || role.rule === 'perplexity' || !role.subject || !list) continue;
    for (const s of list) {
      const outcome = mcrOutcome(s, role.rule);
      if (!outcome) continue;
      const id = `${role.subject}-${s.doc_id}`;
      const e = byDoc.get(id) ?? { id, group: role.subject, prompt: promptOf(s), output: '', targets: [CHOICE_LETTERS[s.doc.answer as number]], scores: { kick: null, strict: null } };
      e.scores[role.rule] = outcome.hit;
      if (role.rule === 'kick' || !e.output) e.output = outcome.output;
      byDoc.set(id, e);
    }
  }
  if (!byDoc.size) return null;
  const examples = [...byDoc.values()];
  const groups: GroupScore[] = [];
  const groupOf = (kind: 'subject' | 'category', name: string, members: ExampleRecord[]) => {
    const avg = (rule: Rule) => mean(members.flatMap((e) => (typeof e.scores[rule] === 'number' ? [e.scores[rule] as number] : [])));
    groups.push({ kind, name, kick: avg('kick'), strict: avg('strict'), count: members.length });
  };
  const subjects = [...new Set(examples.map((e) => e.group ?? ''))].sort();
  for (const s of subjects) groupOf('subject', s, examples.filter((e) => e.group === s));
  for (const c of [...new Set(subjects.map((s) => MMLU_SUBJECT_CATEGORY[s]))].sort()) groupOf('category', c, examples.filter((e) => MMLU_SUBJECT_CATEGORY[e.group ?? ''] === c));
  return resultOf('mcr', examples, groups);
}

/** A task's scores from the results file alone: values as lm-eval wrote them, Wilson intervals where n is known. */
function scoresFromResults(task: TaskId, results: LmEvalResults, names: string[]): TaskScores | null {
  const nOf = (name: string) => results['n-samples']?.[name]?.effective ?? null;
  const pick = (rule: Rule): { value: number | null; n: number | null } => {
    if (task === 'mcr') {
      const subjectNames = names.filter((n) => taskRole(n)?.rule === rule && taskRole(n)?.subject);
      const aggregate = names.find((n) => taskRole(n)?.rule === rule && !taskRole(n)?.subject);
      const metric = names.some((n) => n.startsWith('kick_mmlu')) && rule === 'kick' ? 'kick,none' : 'acc,none';
      const counts = subjectNames.map(nOf);
      const n = counts.every((c) => c !== null) && counts.length ? counts.reduce((a, b) => (a ?? 0) + (b ?? 0), 0) : null;
      if (aggregate) return { value: metricOf(results, aggregate, metric), n };
      if (n) return { value: subjectNames.reduce((sum, s) => sum + (metricOf(results, s, metric) ?? 0) * (nOf(s) ?? 0), 0) / n, n };
      return { value: null, n: null };
    }
    const name = names[0];
    return { value: metricOf(results, name, `${rule},none`), n: nOf(name) };
  };
  const recorded = (rule: Rule) => {
    const { value, n } = pick(rule);
    const interval = value !== null && n ? wilsonInterval(Math.round(value * n), n) : null;
    return { ...scoreOf(rule, task, value, n ?? 0), interval };
  };
  const kick = recorded('kick');
  const strict = recorded('strict');
  if (kick.value === null && strict.value === null) return null;
  const groups: GroupScore[] =
    task === 'mcr'
      ? [...new Set(names.flatMap((n) => taskRole(n)?.subject ?? []))].sort().map((subject) => {
          const k = names.find((n) => taskRole(n)?.subject === subject && taskRole(n)?.rule === 'kick');
          const s = names.find((n) => taskRole(n)?.subject === subject && taskRole(n)?.rule === 'strict');
          return { kind: 'subject', name: subject, kick: k ? metricOf(results, k, 'kick,none') : null, strict: s ? metricOf(results, s, 'acc,none') : null, count: (s && nOf(s)) || (k && nOf(k)) || 0 };
        })
      : [];
  const f1 = task === 'icr_closed' || task === 'icr_open' ? metricOf(results, names[0], 'f1,none') : null;
  return { task, dataset: `lm-eval ${task}`, kick, strict, metrics: f1 === null ? {} : { f1 }, groups, skipped: emptySkips(), truncated: 0, timingMs: 0, outcomes: [] };
}

function perplexityScores(results: LmEvalResults, name: string): TaskScores {
  const metrics: Record<string, number | null> = {};
  for (const m of ['word_perplexity', 'byte_perplexity', 'bits_per_byte']) metrics[m] = metricOf(results, name, `${m},none`);
  // lm-eval measures word and byte perplexity; the lab's token perplexity is another number.
  const label = "lm-eval's word and byte perplexity (metrics); the lab's token perplexity was not measured";
  const none = (rule: Rule) => ({ rule, label, value: null, count: 0, interval: null });
  return { task: 'perplexity', dataset: 'lm-eval perplexity', kick: none('kick'), strict: none('strict'), metrics, groups: [], skipped: emptySkips(), truncated: 0, timingMs: 0, outcomes: [] };
}

/** The compression an exported sweep's checkpoint folder names ("wanda_s0.5", "sparsegpt-gptq_nm2-4_b4"), else dense. */
export function pointFromCheckpoint(pretrained: string): PlannedPoint {
  const slug = pretrained.replace(/\/+$/, '').split('/').pop() ?? '';
  const m = /^([a-z0-9]+(?:-[a-z0-9]+)?)((?:_(?:s[\d.]+|nm\d+-\d+|b\d+))+)$/.exec(slug);
  if (!m) return { method: 'dense', sparsity: null, pattern: null, bits: null };
  const level = (prefix: string) => new RegExp(`_${prefix}([\\d.-]+)`).exec(m[2])?.[1] ?? null;
  const s = level('s');
  const nm = level('nm');
  const b = level('b');
  return { method: m[1].replace('-', '+'), sparsity: s === null ? null : Number(s), pattern: nm === null ? null : nm.replace('-', ':'), bits: b === null ? null : Number(b) };
}

function dtypeOf(results: LmEvalResults): RunRecord['model']['dtype'] {
  const d = `${results.config.model_dtype ?? modelArgs(results).dtype ?? 'auto'}`.replace('torch.', '');
  return ({ bfloat16: 'bf16', float16: 'fp16', half: 'fp16', float32: 'fp32', float: 'fp32' } as const)[d as 'bfloat16'] ?? 'auto';
}

export interface ImportedPoint {
  point: PlannedPoint;
  record: RunRecord;
  examples: Array<{ task: TaskId; examples: ExampleRecord[] }>;
  /** The model lm-eval loaded (a hub id or a checkpoint path). */
  model: string;
}

export interface LmEvalImport {
  points: ImportedPoint[];
  /** lm-eval tasks that are not KICK tasks, and files that were not used: one line each. */
  notes: string[];
}

/** Files as the user picked them: a name (or relative path) and its text. */
export interface PickedFile {
  name: string;
  text: string;
}

const LAB_TASK_ORDER: TaskId[] = ['factoid', 'mcr', 'icr_closed', 'icr_open', 'summarization', 'instruction', 'perplexity'];

/**
 * Every results file with the samples files of the same run (same time stamp in the name). Throws
 * one clear line when nothing in the files is a KICK task.
 */
export async function importLmEval(files: readonly PickedFile[]): Promise<LmEvalImport> {
  const read = files.map((f) => readLmEvalFile(f.name, f.text));
  const resultsFiles = read.filter((f) => f.kind === 'results');
  if (!resultsFiles.length) throw new LmEvalImportError('no results_<date>.json among the files: pick the results file of each run with its samples files');
  const notes: string[] = [];
  const used = new Set<string>();
  const points: ImportedPoint[] = [];
  for (const rf of resultsFiles) {
    const results = rf.results;
    const samples = new Map<string, LmEvalSample[]>();
    for (const f of read) {
      if (f.kind === 'samples' && (rf.stamp === null || f.stamp === rf.stamp) && (results.results[f.task] || results.configs?.[f.task])) {
        samples.set(f.task, f.samples);
        used.add(f.name);
      }
    }
    const byTask = new Map<TaskId, string[]>();
    for (const name of Object.keys(results.results)) {
      const role = taskRole(name);
      if (!role) {
        if (!results.group_subtasks?.[name]?.length || !Object.keys(results.results).some((n) => results.group_subtasks?.[name]?.includes(n) && taskRole(n))) notes.push(`${rf.name}: ${name} is not a KICK task; left out`);
        continue;
      }
      byTask.set(role.task, [...(byTask.get(role.task) ?? []), name]);
    }
    const scores: TaskScores[] = [];
    const examples: ImportedPoint['examples'] = [];
    for (const task of LAB_TASK_ORDER) {
      const names = byTask.get(task);
      if (!names) continue;
      if (task === 'perplexity') {
        scores.push(perplexityScores(results, names[0]));
        continue;
      }
      let result: TaskResult | null = null;
      if (task === 'mcr') result = mcrFromSamples({ names, samples });
      else {
        const list = samples.get(names[0]);
        if (list?.length) result = resultOf(task, list.map((s) => (task === 'factoid' ? factoidExample(s) : icrExample(s, task === 'icr_open'))));
      }
      if (result) {
        scores.push(await taskScoresOf(result));
        examples.push({ task, examples: result.examples });
      } else {
        const fromResults = scoresFromResults(task, results, names);
        if (fromResults) scores.push(fromResults);
        notes.push(`${rf.name}: ${task} taken from the aggregate numbers (no samples file${task === 'mcr' ? 's' : ''} with it; kick and strict not recomputed)`);
      }
    }
    if (!scores.length) continue;
    const args = modelArgs(results);
    const model = args.pretrained ?? args.model ?? results.model_name ?? 'unknown model';
    const point = pointFromCheckpoint(model);
    const samplesOf = (task: TaskId) => examples.find((e) => e.task === task)?.examples ?? [];
    const suite = await Promise.all(
      scores.map(async (s) => {
        const ids = samplesOf(s.task).map((e) => e.id);
        const names = byTask.get(s.task) ?? [];
        return {
          task: s.task,
          dataset: s.dataset,
          source: `lm-eval:${names.map((n) => String(results.configs?.[n]?.dataset_path ?? n))[0] ?? s.task}`,
          revision: names.map((n) => results.task_hashes?.[n] ?? results.versions?.[n]).find((v) => v !== undefined && v !== null)?.toString() ?? 'unknown',
          // lm-eval's --limit below 1 is a fraction, not a count: size stays 'full' and count says how many were scored.
          size: Number.isInteger(results.config.limit) ? (results.config.limit as number) : ('full' as const),
          seed: results.config.random_seed ?? 0,
          idsHash: await sha256Hex(ids.length ? ids.join('\n') : names.join('\n')),
          count: ids.length || s.strict.count || s.kick.count,
        };
      }),
    );
    const createdAt = new Date(results.date ? results.date * 1000 : Date.now()).toISOString();
    const seconds = Number(results.total_evaluation_time_seconds ?? 0);
    const record: RunRecord = {
      schema: RECORD_SCHEMA_ID,
      version: RECORD_VERSION,
      createdAt,
      appVersion: `lm-evaluation-harness ${results.lm_eval_version ?? 'unknown version'}`,
      model: { id: model, revision: results.config.model_sha ?? results.config.model_revision ?? 'unknown', dtype: dtypeOf(results) },
      device: { backend: 'external' },
      method: { id: point.method, params: Object.fromEntries(Object.entries({ sparsity: point.sparsity, pattern: point.pattern, bits: point.bits }).filter(([, v]) => v !== null)) },
      calibration: null,
      judge: null,
      suite,
      scores,
      perplexity: null,
      timings: { totalMs: Number.isFinite(seconds) ? seconds * 1000 : 0 },
      origin: { engine: 'lm-evaluation-harness', engineVersion: results.lm_eval_version ?? 'unknown', backend: results.config.model, where: whereItRan(results), files: [rf.name, ...[...samples.keys()].map((t) => read.find((f) => f.kind === 'samples' && f.task === t && (rf.stamp === null || f.stamp === rf.stamp))?.name ?? t)] },
    };
    points.push({ point, record, examples, model });
  }
  for (const f of read) if (f.kind === 'samples' && !used.has(f.name)) notes.push(`${f.name}: no results file of the same run among the files; not used`);
  if (!points.length) throw new LmEvalImportError(`no KICK task in these files (${notes.map((n) => n.split(': ')[1]?.split(' ')[0]).join(', ')}): the lab charts kick_* tasks and lm-eval's mmlu`);
  return { points, notes };
}
