// YAML in and out for the exported folders: lm-evaluation-harness writes Python callables as
// `!function module.name`, so the writer and the reader both know that one tag.
import { parseDocument, stringify, type ScalarTag } from 'yaml';

/** A `!function utils.name` reference in a task YAML. */
export class PythonFunction {
  constructor(readonly name: string) {}
}

const functionTag: ScalarTag = {
  tag: '!function',
  identify: (value) => value instanceof PythonFunction,
  resolve: (text) => new PythonFunction(text),
  stringify: (item) => (item.value as PythonFunction).name,
};

const customTags = [functionTag];

export function toYaml(value: unknown): string {
  return stringify(value, { customTags, lineWidth: 0, aliasDuplicateObjects: false });
}

/** Parses YAML that may hold `!function` tags; throws on any syntax error or unknown tag. */
export function fromYaml(text: string): unknown {
  const doc = parseDocument(text, { customTags, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new Error(`YAML does not parse: ${problem.message}`);
  return doc.toJS();
}
