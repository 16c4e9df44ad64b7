import type { Rng } from './rng.ts';
import { KINDS, type AttributeSpec } from './schema.ts';
import type { Entity } from './world.ts';

export const fill = (template: string, subject: string, value = ''): string =>
  template.replace('{s}', subject).replace('{v}', value);

/** Upper-case the first letter of a sentence ("the Tavo River ..." -> "The Tavo River ..."). */
export const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const attributesOf = (e: Entity): readonly AttributeSpec[] => KINDS[e.kind].attributes;

export function valueText(spec: AttributeSpec, value: string): string {
  // The sea's name is stored bare; statements add "Sea" themselves.
  return spec.source.type === 'pool' && spec.source.pool === 'sea' ? `the ${value} Sea` : value;
}

/** One biography-style passage: an intro, then every fact in a random order and phrasing. */
export function passage(e: Entity, rng: Rng): string {
  const kind = KINDS[e.kind];
  const lines = [sentence(fill(rng.pick(kind.intro), e.name))];
  for (const spec of rng.shuffle(kind.attributes)) {
    lines.push(sentence(fill(rng.pick(spec.statements), e.name, e.facts[spec.key])));
  }
  return lines.join(' ');
}

export const question = (spec: AttributeSpec, e: Entity): string => fill(spec.question, e.name);

export const questionVariant = (spec: AttributeSpec, e: Entity, rng: Rng): string =>
  fill(rng.pick([spec.question, ...spec.questionVariants]), e.name);

/** The answer as it should be written after a question (the sea gets its "Sea"). */
export const answerText = (spec: AttributeSpec, e: Entity): string => valueText(spec, e.facts[spec.key]);

/** A one-sentence reference summary holding every key fact. */
export function summary(e: Entity): string {
  const clauses = attributesOf(e).map((spec) => fill(spec.summary, e.name, e.facts[spec.key]));
  const last = clauses.pop();
  return `${sentence(e.name)} ${clauses.join(', ')} and ${last}.`;
}
