// Where a data set comes from: the copy built into the app (public/datasets), the hub's
// datasets-server, a static URL base or a local folder laid out like ../shared/datasets.
import type { HubSplit } from './hub-rows.ts';

export type DatasetName = 'freebaseqa' | 'mmlu' | 'triviaqa' | 'cnn_stories' | 'vicuna_bench' | 'wikitext2' | 'c4';

/** Public hub splits that hold each data set (TriviaQA: the rc validation split LLM-KICK reads). */
export const HUB_SPLITS = {
  freebaseqa: { dataset: 'freebase_qa', config: 'default', split: 'test' },
  mmluTest: { dataset: 'cais/mmlu', config: 'all', split: 'test' },
  mmluDev: { dataset: 'cais/mmlu', config: 'all', split: 'dev' },
  triviaqa: { dataset: 'mandarjoshi/trivia_qa', config: 'rc', split: 'validation' },
  wikitext2: { dataset: 'Salesforce/wikitext', config: 'wikitext-2-raw-v1', split: 'test' },
  c4: { dataset: 'allenai/c4', config: 'en', split: 'validation' },
} satisfies Record<string, HubSplit>;
export type HubSplitKey = keyof typeof HUB_SPLITS;

export type DataSource =
  /** The copy the app serves itself (public/datasets at `baseUrl`), checked against its manifest. */
  | { kind: 'builtin'; baseUrl: string }
  | { kind: 'url'; baseUrl: string }
  | { kind: 'files'; label: string; readText(relPath: string): Promise<string | null> }
  | {
      kind: 'hub';
      endpoint?: string;
      /** Replace a default split (a mirror, another revision). */
      splits?: Partial<Record<HubSplitKey, HubSplit>>;
      /**
       * The CNN stories and the Vicuna-bench tables exist on no public hub dataset in the lab's shape:
       * a mirror holds one config per fixture file (stories, prompt, reviewer, questions,
       * reference_answers) with split "train" and fixture-shaped rows.
       */
      fixtureMirrors?: Partial<Record<'cnn_stories' | 'vicuna_bench', string>>;
      /** Cap on rows read per split (laptop runs); absent = the whole split. */
      maxRows?: number;
    };

/** How records name the built-in copy, wherever the app is served from. */
export const BUILTIN_SOURCE_LABEL = 'builtin:public/datasets';

export function describeSource(source: DataSource): string {
  switch (source.kind) {
    case 'builtin':
      return BUILTIN_SOURCE_LABEL;
    case 'url':
      return `url:${source.baseUrl}`;
    case 'files':
      return `folder:${source.label}`;
    case 'hub':
      return `hub:${source.endpoint ?? 'datasets-server'}`;
  }
}

/** Fixture layout paths, relative to the folder or URL base. */
export const FIXTURE_FILES = {
  freebaseqa: 'freebaseqa/eval.jsonl',
  mmluTest: 'mmlu/test.jsonl',
  mmluDev: 'mmlu/dev.jsonl',
  triviaqa: 'triviaqa/rc_wikipedia_validation_closedbook.jsonl',
  cnnStories: 'cnn_stories/stories.jsonl',
  cnnPrompt: 'cnn_stories/prompt.jsonl',
  cnnReviewer: 'cnn_stories/reviewer.jsonl',
  vicunaQuestions: 'vicuna_bench/questions.jsonl',
  vicunaAnswers: 'vicuna_bench/reference_answers.jsonl',
  vicunaPrompt: 'vicuna_bench/prompt.jsonl',
  vicunaReviewer: 'vicuna_bench/reviewer.jsonl',
  wikitext2: 'wikitext2/test.txt',
  c4: 'c4/sample.jsonl',
} as const;
