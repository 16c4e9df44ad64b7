// A point's run record as an Every Eval Ever result (evaleval/every_eval_ever, eval.schema.json
// 0.2.3, kept in test/interop/fixtures/every-eval-ever/ and validated against in the tests): one
// evaluation result per task and rule, with the record's 95% interval as the uncertainty.
import type { RecordedScore, RunRecord, TaskScores } from '../tasks/record.ts';
import type { TaskId } from '../tasks/result.ts';

export const EEE_SCHEMA_VERSION = '0.2.3';

/** The hub splits behind each task when it read the hub (src/tasks/datasets/sources.ts). */
const HUB_DATA: Partial<Record<TaskId, { repo: string; split: string }>> = {
  factoid: { repo: 'freebase_qa', split: 'test' },
  mcr: { repo: 'cais/mmlu', split: 'test' },
  icr_closed: { repo: 'mandarjoshi/trivia_qa', split: 'validation' },
  icr_open: { repo: 'mandarjoshi/trivia_qa', split: 'validation' },
  perplexity: { repo: 'Salesforce/wikitext', split: 'test' },
};

const TASK_NAMES: Record<TaskId, string> = {
  factoid: 'Factoid-QA (FreebaseQA)',
  mcr: 'MCR-QA (MMLU, 5-shot)',
  icr_closed: 'ICR-QA closed book (TriviaQA)',
  icr_open: 'ICR-QA open book (TriviaQA)',
  summarization: 'In-context summarization (CNN/DailyMail)',
  instruction: 'Instruction following (Vicuna-bench)',
  perplexity: 'Perplexity (WikiText-2)',
};

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function sourceData(record: RunRecord, t: TaskScores): Record<string, unknown> {
  const entry = record.suite.find((s) => s.task === t.task);
  const details = { source: entry?.source ?? 'unknown', revision: entry?.revision ?? 'unknown', ids_sha256: entry?.idsHash ?? 'unknown', seed: String(entry?.seed ?? '') };
  const hub = HUB_DATA[t.task];
  if (hub && entry?.source.startsWith('hub:')) {
    return { dataset_name: t.dataset, source_type: 'hf_dataset', hf_repo: hub.repo, hf_split: hub.split, samples_number: entry.count, additional_details: details };
  }
  return { dataset_name: t.dataset, source_type: 'other', additional_details: details };
}

function metricConfig(t: TaskScores, s: RecordedScore): Record<string, unknown> {
  const base = { evaluation_description: s.label, metric_id: `kick-lab.${t.task}.${s.rule}`, metric_parameters: { rule: s.rule } };
  if (t.task === 'perplexity') {
    return { ...base, metric_name: `perplexity (${s.rule})`, metric_kind: 'perplexity', metric_unit: 'perplexity', lower_is_better: true, score_type: 'continuous', min_score: 1, max_score: 'Infinity' };
  }
  if (s.scale === 'judge' || ((t.task === 'summarization' || t.task === 'instruction') && s.scale !== 'fraction')) {
    return { ...base, metric_name: `judge score (${s.rule})`, metric_kind: 'judge_score', metric_unit: 'points', lower_is_better: false, score_type: 'continuous', min_score: 1, max_score: 10 };
  }
  return { ...base, metric_name: `accuracy (${s.rule})`, metric_kind: 'accuracy', metric_unit: 'proportion', lower_is_better: false, score_type: 'continuous', min_score: 0, max_score: 1 };
}

function scoreDetails(s: RecordedScore): Record<string, unknown> {
  const i = s.interval;
  return {
    score: s.value,
    details: { count: String(s.count), ...(s.divisor ? { divisor: String(s.divisor) } : {}) },
    ...(i
      ? {
          uncertainty: {
            standard_error: { value: i.se, method: i.method === 'wilson' ? 'analytic' : 'bootstrap' },
            confidence_interval: { lower: i.low, upper: i.high, confidence_level: 0.95, method: i.method },
            num_samples: i.n,
          },
        }
      : {}),
  };
}

export interface EeePoint {
  record: RunRecord;
  /** The point's label ("wanda 50%"), and the sweep it belongs to. */
  label: string;
  sweepId: string;
  pointKey: string;
}

/** The Every Eval Ever document of one point; `retrievedAt` is when it is written (ISO). */
export function everyEvalEverOf(p: EeePoint, retrievedAt: string): Record<string, unknown> {
  const r = p.record;
  const external = r.origin !== undefined;
  const results = r.scores.flatMap((t) =>
    // Perplexity has one rule (no known bug): one entry.
    (t.task === 'perplexity' ? [t.kick] : [t.kick, t.strict])
      .filter((s): s is RecordedScore & { value: number } => s.value !== null)
      .map((s) => ({
        evaluation_result_id: `${t.task}.${s.rule}`,
        evaluation_name: `${TASK_NAMES[t.task]}, ${s.rule} rule`,
        source_data: sourceData(r, t),
        evaluation_timestamp: r.createdAt,
        metric_config: metricConfig(t, s),
        score_details: scoreDetails(s),
      })),
  );
  return {
    schema_version: EEE_SCHEMA_VERSION,
    evaluation_id: `${p.sweepId}/${p.pointKey}`,
    evaluation_timestamp: r.createdAt,
    retrieved_timestamp: retrievedAt,
    source_metadata: {
      source_name: external ? `${r.origin?.engine} run imported into KICK Lab` : 'KICK Lab (LLM-KICK in the browser)',
      source_type: 'evaluation_run',
      source_organization_name: 'KICK Lab user',
      evaluator_relationship: 'third_party',
      additional_details: { protocol: 'LLM-KICK, VITA-Group/llm-kick@70f98d7; kick = reference rules, strict = bugs fixed', record_schema: `${r.schema}@${r.version}` },
    },
    eval_library: { name: external ? (r.origin?.engine ?? 'unknown') : 'kick-lab', version: external ? (r.origin?.engineVersion ?? 'unknown') : r.appVersion },
    model_info: {
      name: `${r.model.id} (${p.label})`,
      id: r.model.id,
      inference_platform: external ? (r.origin?.where ?? 'unknown') : `browser (${r.device.backend}${r.device.adapter ? `, ${r.device.adapter}` : ''})`,
      inference_engine: external ? { name: r.origin?.backend ?? 'unknown' } : { name: 'onnxruntime-web' },
      additional_details: {
        deployment_type: 'self_deployed',
        model_availability: 'open_weights',
        revision: r.model.revision,
        dtype: r.model.dtype,
        compression: p.label,
        compression_method: r.method.id,
        compression_params: text(r.method.params),
        ...(r.calibration ? { calibration: text(r.calibration) } : {}),
      },
    },
    evaluation_results: results,
  };
}
