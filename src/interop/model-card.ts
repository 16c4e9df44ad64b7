// A point's scores as Hugging Face model-card evaluation metadata: the `model-index` a README's YAML
// front matter carries (hub-docs modelcard.md; read by huggingface_hub's model_index_to_eval_results:
// name, results[].task.type, results[].dataset.{type,name}, results[].metrics[].{type,value}).
import type { RunRecord } from '../tasks/record.ts';
import type { TaskId } from '../tasks/result.ts';
import { toYaml } from './yaml-text.ts';

const DATASETS: Record<TaskId, { type: string; name: string; config?: string; split?: string }> = {
  factoid: { type: 'freebase_qa', name: 'FreebaseQA', split: 'test' },
  mcr: { type: 'cais/mmlu', name: 'MMLU', config: 'all', split: 'test' },
  icr_closed: { type: 'mandarjoshi/trivia_qa', name: 'TriviaQA (closed book)', config: 'rc', split: 'validation' },
  icr_open: { type: 'mandarjoshi/trivia_qa', name: 'TriviaQA (open book)', config: 'rc', split: 'validation' },
  summarization: { type: 'kick-lab/cnn_stories', name: 'CNN/DailyMail stories (LLM-KICK)' },
  instruction: { type: 'kick-lab/vicuna_bench', name: 'Vicuna-bench' },
  perplexity: { type: 'Salesforce/wikitext', name: 'WikiText-2', config: 'wikitext-2-raw-v1', split: 'test' },
};

const TASK_TYPE: Record<TaskId, { type: string; name: string }> = {
  factoid: { type: 'question-answering', name: 'Factoid-QA' },
  mcr: { type: 'multiple-choice', name: 'MCR-QA (5-shot)' },
  icr_closed: { type: 'question-answering', name: 'ICR-QA closed book' },
  icr_open: { type: 'question-answering', name: 'ICR-QA open book' },
  summarization: { type: 'summarization', name: 'In-context summarization' },
  instruction: { type: 'text-generation', name: 'Instruction following' },
  perplexity: { type: 'text-generation', name: 'Perplexity' },
};

export interface CardPoint {
  record: RunRecord;
  label: string;
}

/** The model-index entry of one point: one result per task, a metric per rule that has a value. */
export function modelIndexOf(p: CardPoint): Record<string, unknown> {
  const r = p.record;
  const results = r.scores.flatMap((t) => {
    const metrics = (t.task === 'perplexity' ? [t.kick] : [t.kick, t.strict])
      .filter((s) => s.value !== null)
      .map((s) => ({
        type: t.task === 'perplexity' ? 'perplexity' : t.task === 'summarization' || t.task === 'instruction' ? 'judge_score' : 'accuracy',
        value: s.value,
        name: `${s.rule}: ${s.label}`,
        verified: false,
      }));
    if (!metrics.length) return [];
    const entry = r.suite.find((s) => s.task === t.task);
    const dataset = DATASETS[t.task];
    return [
      {
        task: TASK_TYPE[t.task],
        dataset: { ...dataset, ...(entry ? { revision: entry.revision } : {}) },
        metrics,
        source: { name: r.origin ? `${r.origin.engine} ${r.origin.engineVersion}, imported into KICK Lab` : `KICK Lab ${r.appVersion}`, url: 'https://github.com/VITA-Group/llm-kick' },
      },
    ];
  });
  return { name: `${r.model.id} ${p.label}`, results };
}

/** The YAML of a model card's front matter holding these points' model-index. */
export function modelIndexYaml(points: readonly CardPoint[]): string {
  return toYaml({ 'model-index': points.map(modelIndexOf) });
}
