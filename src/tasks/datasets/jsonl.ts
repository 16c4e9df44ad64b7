import type { z } from 'zod';
import { DatasetLoadError } from './errors.ts';

/** One JSON object per line; some fixture files lack the final newline, so split and skip blanks. */
export function parseJsonl<T>(dataset: string, file: string, text: string, schema: z.ZodType<T>): T[] {
  const out: T[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DatasetLoadError(dataset, `${file} line ${i + 1} is not JSON`);
    }
    out.push(validate(dataset, `${file} line ${i + 1}`, value, schema));
  }
  return out;
}

export function validate<T>(dataset: string, where: string, value: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.length ? issue.path.join('.') : '(record)';
    throw new DatasetLoadError(dataset, `changed shape at ${where}: ${path}: ${issue.message}`);
  }
  return parsed.data;
}
