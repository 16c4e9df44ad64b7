import type { Rng } from './rng.ts';
import type { AttributeSpec } from './schema.ts';
import { valueText } from './text.ts';
import type { Entity, World } from './world.ts';

/** How many values an attribute can take: 1/size is the chance of guessing it blindly. */
export function valueSpace(spec: AttributeSpec, world: World): number {
  const src = spec.source;
  if (src.type === 'pool') return world.pools[src.pool].length;
  if (src.type === 'entity') return world.entities.filter((e) => e.kind === src.kind && e.role !== 'held-out').length;
  if (src.type === 'year') return src.max - src.min + 1;
  return Math.floor((src.max - src.min) / src.step) + 1;
}

/** Three wrong options of the same type as the right one, all distinct. */
export function distractors(spec: AttributeSpec, e: Entity, world: World, rng: Rng): string[] {
  const right = e.facts[spec.key];
  const src = spec.source;
  const out = new Set<string>();
  for (let guard = 0; out.size < 3 && guard < 1000; guard++) {
    let v: string;
    if (src.type === 'pool') v = rng.pick(world.pools[src.pool]);
    else if (src.type === 'entity') {
      const others = world.entities.filter((x) => x.kind === src.kind && x.role !== 'held-out');
      v = rng.pick(others).name;
    } else if (src.type === 'year') v = String(rng.int(src.min, src.max));
    else v = `${src.min + src.step * rng.int(0, Math.floor((src.max - src.min) / src.step))} ${src.unit}`;
    if (v !== right && v !== e.name) out.add(v);
  }
  return [...out].map((v) => valueText(spec, v));
}

/** Acceptable spellings of an answer (with and without a leading article). */
export function aliases(answer: string): string[] {
  const bare = answer.replace(/^the /, '');
  return bare === answer ? [answer] : [answer, bare];
}
