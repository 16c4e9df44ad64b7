// What every task returns: the two labelled scores, per-group breakdowns and every example's record.

export type TaskId = 'factoid' | 'mcr' | 'icr_closed' | 'icr_open' | 'summarization' | 'instruction' | 'perplexity';

export interface Score {
  rule: 'kick' | 'strict';
  /** Human-readable description of the rule, shown beside the number. */
  label: string;
  /** null when the score cannot be computed (nothing scored, or no judge configured). */
  value: number | null;
  /** How many examples entered the value. */
  count: number;
  /**
   * What the value measures when a task can be scored two ways: a judge's 1-10 score, or a
   * fraction (0-1) from built-in checks (KICK-world). Absent: the task's usual scale.
   */
  scale?: ScoreScale;
  /**
   * The rule divides the sum of its outcomes by this rather than by their count (the kick factoid
   * rule scores num_examples + 1 answers and divides by num_examples). Absent: the count.
   */
  divisor?: number;
}

export type ScoreScale = 'judge' | 'fraction';

export interface GroupScore {
  kind: 'subject' | 'category' | 'bucket' | 'question_category';
  name: string;
  kick: number | null;
  strict: number | null;
  count: number;
}

export interface ExampleRecord {
  id: string;
  group?: string;
  prompt: string;
  output: string;
  /** What a right answer is: aliases, the answer letter, gold answers, reference text or key facts. */
  targets?: string[];
  /** Per-example numbers, e.g. kick, strict, f1, rougeL, judge scores. null = could not be scored. */
  scores: Record<string, number | null>;
  /** Why the example is special (kick-only extra loop step, truncated prompt, judge failure...). */
  notes?: string[];
}

export interface SkipCounts {
  empty: number;
  oversized: number;
  /** Open-book examples whose evidence text is missing. */
  noContext: number;
}

export interface TaskResult {
  task: TaskId;
  dataset: string;
  kick: Score;
  strict: Score;
  /** Extra labelled metrics (token F1, ROUGE-L, judge failures...). */
  metrics: Record<string, number | null>;
  groups: GroupScore[];
  examples: ExampleRecord[];
  skipped: SkipCounts;
  /** Prompts cut to fit the model's context after every other reduction. */
  truncated: number;
  timingMs: number;
}

/** Cancellation and progress for a task run: checked before each example. */
export interface RunControl {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export function checkpoint(control: RunControl | undefined, done: number, total: number): void {
  control?.onProgress?.(done, total);
  control?.signal?.throwIfAborted();
}

export function emptySkips(): SkipCounts {
  return { empty: 0, oversized: 0, noContext: 0 };
}

export function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
