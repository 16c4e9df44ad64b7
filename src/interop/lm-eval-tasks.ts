// The KICK tasks as lm-evaluation-harness task configs (EleutherAI/lm-evaluation-harness; keys
// checked against its TaskConfig in lm-eval-tasks.test.ts). The prompts are Jinja templates over
// the hub rows the lab reads (src/tasks/datasets/sources.ts), written so that lm-eval's context
// (description + shots + doc_to_text) is the lab's prompt byte for byte; the kick and strict rules
// are utils.py's process_results.
import { MMLU_SUBJECTS } from '../tasks/datasets/mmlu-categories.ts';
import type { TaskId } from '../tasks/result.ts';
import { mmluHeader } from '../tasks/scoring/mcr.ts';
import { LM_EVAL_UTILS_PY } from './lm-eval-utils-py.ts';
import { PythonFunction, toYaml } from './yaml-text.ts';

const fn = (name: string) => new PythonFunction(`utils.${name}`);

const KICK_STRICT = [
  { metric: 'kick', aggregation: 'mean', higher_is_better: true },
  { metric: 'strict', aggregation: 'mean', higher_is_better: true },
];

/** Greedy decoding with no stop string but the model's end of text (lm-eval always adds it). */
const greedy = (maxGenToks: number) => ({ until: [], max_gen_toks: maxGenToks, do_sample: false, temperature: 0.0 });

const FACTOID_NEW_TOKENS = 64;

export const FACTOID_TEMPLATE = 'Please give answer to this question: {{RawQuestion}}\nThe answer is ';
export const MMLU_QUESTION_TEMPLATE = '{{question}}\nA. {{choices[0]}}\nB. {{choices[1]}}\nC. {{choices[2]}}\nD. {{choices[3]}}\nAnswer:';
export const MMLU_LETTER_TEMPLATE = "{{['A', 'B', 'C', 'D'][answer]}}";
export const TRIVIA_CLOSED_TEMPLATE = 'Answer these questions:\n\nQ: {{question}}\nA:';
// The evidence is the first wiki and first search context, cut to 3072 characters; Python's str.strip()
// of the whole prompt is Jinja's trim.
export const TRIVIA_OPEN_TEMPLATE =
  "{{ (((entity_pages.wiki_context[0] if entity_pages.wiki_context else '') + (search_results.search_context[0] if search_results.search_context else ''))[:3072] + '\\n\\nBased on these texts, answer these questions:\\n\\nQ: ' + question + '\\nA:') | trim }}";

const META = { metadata: { version: 1.0, source: 'KICK Lab export; prompts and rules of VITA-Group/llm-kick@70f98d7' } };

/** lm-eval task names per lab task (MMLU: one group per rule, one task per subject). */
export const LM_EVAL_TASK_NAMES: Readonly<Partial<Record<TaskId, readonly string[]>>> = {
  factoid: ['kick_factoid'],
  mcr: ['kick_mmlu_kick', 'kick_mmlu_strict'],
  icr_closed: ['kick_triviaqa_closed'],
  icr_open: ['kick_triviaqa_open'],
  perplexity: ['kick_wikitext'],
};

/** lm-eval has no judge: these tasks stay in the lab (named in the folder README). */
export const TASKS_WITHOUT_LM_EVAL: readonly TaskId[] = ['summarization', 'instruction'];

function factoidTask(): unknown {
  return {
    task: 'kick_factoid',
    dataset_path: 'freebase_qa',
    dataset_name: 'default',
    test_split: 'test',
    output_type: 'generate_until',
    process_docs: fn('process_freebase'),
    doc_to_text: FACTOID_TEMPLATE,
    doc_to_target: 'answers',
    generation_kwargs: greedy(FACTOID_NEW_TOKENS),
    process_results: fn('factoid_results'),
    metric_list: KICK_STRICT,
    ...META,
  };
}

const mmluCommon = {
  dataset_path: 'cais/mmlu',
  test_split: 'test',
  fewshot_split: 'dev',
  // The first five dev rows of the subject, in order, as the reference.
  fewshot_config: { sampler: 'first_n' },
  num_fewshot: 5,
  process_docs: fn('process_mmlu'),
  doc_to_text: MMLU_QUESTION_TEMPLATE,
  target_delimiter: ' ',
  fewshot_delimiter: '\n\n',
};

/** Shared by every subject: kick generates one token; strict compares the log-likelihoods of ' A'..' D'. */
function mmluTemplates(): Record<string, unknown> {
  return {
    '_kick_mmlu_kick_template_yaml': {
      ...mmluCommon,
      output_type: 'generate_until',
      doc_to_target: MMLU_LETTER_TEMPLATE,
      generation_kwargs: greedy(1),
      process_results: fn('mmlu_kick_results'),
      metric_list: [{ metric: 'kick', aggregation: 'mean', higher_is_better: true }],
      ...META,
    },
    '_kick_mmlu_strict_template_yaml': {
      ...mmluCommon,
      output_type: 'multiple_choice',
      doc_to_choice: ['A', 'B', 'C', 'D'],
      doc_to_target: 'answer',
      metric_list: [{ metric: 'acc', aggregation: 'mean', higher_is_better: true }],
      ...META,
    },
  };
}

function triviaTask(open: boolean): unknown {
  return {
    task: open ? 'kick_triviaqa_open' : 'kick_triviaqa_closed',
    dataset_path: 'mandarjoshi/trivia_qa',
    dataset_name: 'rc',
    test_split: 'validation',
    output_type: 'generate_until',
    process_docs: fn(open ? 'process_triviaqa_open' : 'process_triviaqa_closed'),
    doc_to_text: open ? TRIVIA_OPEN_TEMPLATE : TRIVIA_CLOSED_TEMPLATE,
    doc_to_target: '{{answer.value}}',
    generation_kwargs: greedy(32),
    process_results: fn(open ? 'triviaqa_open_results' : 'triviaqa_closed_results'),
    metric_list: [...KICK_STRICT, { metric: 'f1', aggregation: 'mean', higher_is_better: true }],
    ...META,
  };
}

function wikitextTask(): unknown {
  return {
    task: 'kick_wikitext',
    dataset_path: 'Salesforce/wikitext',
    dataset_name: 'wikitext-2-raw-v1',
    test_split: 'test',
    output_type: 'loglikelihood_rolling',
    process_docs: fn('process_wikitext'),
    doc_to_text: '',
    doc_to_target: '{{page}}',
    metric_list: [
      { metric: 'word_perplexity', aggregation: 'weighted_perplexity', higher_is_better: false },
      { metric: 'byte_perplexity', aggregation: 'weighted_perplexity', higher_is_better: false },
      { metric: 'bits_per_byte', aggregation: 'bits_per_byte', higher_is_better: false },
    ],
    ...META,
  };
}

/** The task folder's files (path under tasks/kick/ -> text) for the lab tasks asked for. */
export function lmEvalTaskFiles(tasks: readonly TaskId[]): Record<string, string> {
  const files: Record<string, string> = {};
  const put = (name: string, value: unknown) => {
    files[name] = toYaml(value);
  };
  if (tasks.includes('factoid')) put('kick_factoid.yaml', factoidTask());
  if (tasks.includes('mcr')) {
    for (const [name, body] of Object.entries(mmluTemplates())) put(name, body);
    for (const rule of ['kick', 'strict'] as const) {
      const names = MMLU_SUBJECTS.map((s) => `kick_mmlu_${rule}_${s}`);
      MMLU_SUBJECTS.forEach((subject, i) => {
        put(`${names[i]}.yaml`, { include: `_kick_mmlu_${rule}_template_yaml`, task: names[i], dataset_name: subject, description: mmluHeader(subject) });
      });
      put(`kick_mmlu_${rule}.yaml`, {
        group: `kick_mmlu_${rule}`,
        task: names,
        // Micro-average over questions, as the lab reports MMLU.
        aggregate_metric_list: [{ metric: rule === 'kick' ? 'kick' : 'acc', aggregation: 'mean', weight_by_size: true }],
        ...META,
      });
    }
  }
  if (tasks.includes('icr_closed')) put('kick_triviaqa_closed.yaml', triviaTask(false));
  if (tasks.includes('icr_open')) put('kick_triviaqa_open.yaml', triviaTask(true));
  if (tasks.includes('perplexity')) put('kick_wikitext.yaml', wikitextTask());
  if (Object.keys(files).length) files['utils.py'] = LM_EVAL_UTILS_PY;
  return files;
}

/** The lm-eval task list for `--tasks`, in the lab's task order. */
export function lmEvalTaskList(tasks: readonly TaskId[]): string[] {
  return tasks.flatMap((t) => LM_EVAL_TASK_NAMES[t] ?? []);
}
