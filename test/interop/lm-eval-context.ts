// The plain-text context lm-evaluation-harness builds for a document (ConfigurableTask.fewshot_context
// with no chat template and no system instruction, lm_eval/api/task.py at the commit in
// fixtures/upstream-fields.json): the description as the system message (no delimiter), then per shot
// doc_to_text + target_delimiter + the target + fewshot_delimiter, then the document's doc_to_text.
// Templates render with a Jinja implementation (@huggingface/jinja), as lm-eval's
// utils.apply_template renders them with jinja2.
import { Template } from '@huggingface/jinja';

type Doc = Record<string, unknown>;

export interface TaskYaml {
  description?: string;
  doc_to_text: string;
  doc_to_target?: string;
  doc_to_choice?: string[];
  target_delimiter?: string;
  fewshot_delimiter?: string;
}

/** resolve_field / doc_to_text: a feature name gives the field, anything else is a template. */
function resolve(field: string, doc: Doc): unknown {
  return Object.hasOwn(doc, field) ? doc[field] : render(field, doc);
}

/**
 * lm-eval's jinja2 environment has keep_trailing_newline=True; @huggingface/jinja always drops one
 * final newline of a template (as jinja2 does by default), so it is put back here.
 */
function render(template: string, doc: Doc): string {
  const out = new Template(template).render(doc);
  return template.endsWith('\n') ? out + '\n' : out;
}

function target(task: TaskYaml, doc: Doc): string {
  const t = resolve(task.doc_to_target ?? '', doc);
  if (typeof t === 'number' && task.doc_to_choice) return task.doc_to_choice[t];
  return String(t);
}

export function lmEvalContext(task: TaskYaml, doc: Doc, shots: readonly Doc[] = []): string {
  let text = task.description ? String(resolve(task.description, doc)) : '';
  for (const shot of shots) text += String(resolve(task.doc_to_text, shot)) + (task.target_delimiter ?? ' ') + target(task, shot) + (task.fewshot_delimiter ?? '\n\n');
  return text + String(resolve(task.doc_to_text, doc));
}
