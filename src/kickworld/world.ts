import { capitalize, inventWord, WordBook } from './names.ts';
import { makeRng, type Rng } from './rng.ts';
import {
  ENTITY_KINDS,
  FIXED_POOLS,
  INVENTED_POOL_SIZES,
  KINDS,
  type AttributeSpec,
  type EntityKind,
  type PoolName,
} from './schema.ts';
import { normalizeAnswer } from './normalize.ts';

/**
 * Roles split the world so that each task measures what it claims:
 * - `qa-train`: in the corpus with biographies AND question/answer lines (teaches the formats);
 * - `qa-test`: in the corpus with biographies only; factoid and 4-choice questions ask about these,
 *   so closed-book scores measure knowledge extracted from running text;
 * - `held-out`: never in the corpus; used for in-context tasks and perplexity.
 */
export type EntityRole = 'qa-train' | 'qa-test' | 'held-out';

export interface Entity {
  id: string;
  kind: EntityKind;
  name: string;
  role: EntityRole;
  /** attribute key -> value text, in the kind's attribute order. */
  facts: Record<string, string>;
}

export interface WorldConfig {
  seed: string;
  /** Entities per kind that appear in the corpus (qa-train + qa-test). */
  trained: Record<EntityKind, number>;
  /** Entities per kind that never appear in the corpus. */
  heldOut: Record<EntityKind, number>;
  /** Fraction of trained entities whose facts are only stated in passages. */
  qaTestFraction: number;
}

export interface World {
  config: WorldConfig;
  entities: Entity[];
  pools: Record<PoolName, string[]>;
  /** Given names of people: reserved, so no other name can be mistaken for a person's. */
  givenNames: string[];
}

export const DEFAULT_WORLD_CONFIG: WorldConfig = {
  seed: 'kickworld-1',
  trained: { person: 150, city: 50, country: 20, river: 25, company: 45, invention: 45 },
  heldOut: { person: 25, city: 10, country: 5, river: 5, company: 10, invention: 10 },
  qaTestFraction: 0.3,
};

const COMPANY_SUFFIXES = ['Works', 'Company', 'Mills', 'Trading', 'Brothers', 'Foundry', 'Guild'];

const GIVEN_NAMES = 300;

function makeName(kind: EntityKind, rng: Rng, book: WordBook, givenNames: readonly string[]): string {
  switch (kind) {
    case 'person': {
      const last = book.fresh(() => capitalize(inventWord(rng, 2, 3)));
      return `${rng.pick(givenNames)} ${last}`;
    }
    case 'city':
    case 'country':
      return book.fresh(() => capitalize(inventWord(rng, 2, 3)));
    case 'river':
      return `the ${book.fresh(() => capitalize(inventWord(rng, 2, 2)))} River`;
    case 'company':
      return `${book.fresh(() => capitalize(inventWord(rng, 2, 2)))} ${rng.pick(COMPANY_SUFFIXES)}`;
    case 'invention':
      return `the ${book.fresh(() => inventWord(rng, 2, 3) + rng.pick(['ite', 'scope', 'wheel', 'loom', 'meter', 'press']))}`;
  }
}

/** True when the answer could be read off the question (or the subject's name) as a substring. */
export function answerLeaks(answer: string, question: string): boolean {
  const a = normalizeAnswer(answer).replace(/ /g, '');
  const q = normalizeAnswer(question).replace(/ /g, '');
  return a.length === 0 || q.includes(a);
}

export const questionFor = (spec: AttributeSpec, name: string): string => spec.question.replace('{s}', name);

/** Draws one value for an attribute, independently of the subject's name. */
function drawValue(
  spec: AttributeSpec,
  rng: Rng,
  pools: Record<PoolName, string[]>,
  targets: Record<EntityKind, Entity[]>,
  selfName: string,
): string {
  const question = questionFor(spec, selfName);
  for (let attempt = 0; attempt < 200; attempt++) {
    const src = spec.source;
    let v: string;
    if (src.type === 'pool') v = rng.pick(pools[src.pool]);
    else if (src.type === 'entity') v = rng.pick(targets[src.kind]).name;
    else if (src.type === 'year') v = String(rng.int(src.min, src.max));
    else v = `${src.min + src.step * rng.int(0, Math.floor((src.max - src.min) / src.step))} ${src.unit}`;
    if (v !== selfName && !answerLeaks(v, question)) return v;
  }
  throw new Error(`no non-leaking value for ${spec.key} of ${selfName}`);
}

export function makePools(rng: Rng, book: WordBook): Record<PoolName, string[]> {
  const pools = {} as Record<PoolName, string[]>;
  for (const [name, words] of Object.entries(FIXED_POOLS) as [PoolName, readonly string[]][]) pools[name] = words.slice();
  for (const [name, size] of Object.entries(INVENTED_POOL_SIZES) as [PoolName, number][]) {
    pools[name] = Array.from({ length: size }, () => book.fresh(() => capitalize(inventWord(rng, 2, 3))));
  }
  return pools;
}

/**
 * Builds an entity with freshly drawn facts. Entity-valued attributes always point at trained
 * entities, so held-out entities are never named anywhere in the corpus.
 */
export function makeEntity(
  kind: EntityKind,
  id: string,
  role: EntityRole,
  name: string,
  rng: Rng,
  pools: Record<PoolName, string[]>,
  targets: Record<EntityKind, Entity[]>,
): Entity {
  const facts: Record<string, string> = {};
  for (const spec of KINDS[kind].attributes) facts[spec.key] = drawValue(spec, rng, pools, targets, name);
  return { id, kind, name, role, facts };
}

export function generateWorld(config: WorldConfig = DEFAULT_WORLD_CONFIG): World {
  const rng = makeRng(config.seed);
  const book = new WordBook(Object.values(FIXED_POOLS).flatMap((words) => words ?? []));
  const pools = makePools(rng.fork('pools'), book);
  const givenRng = rng.fork('given-names');
  const givenNames = Array.from({ length: GIVEN_NAMES }, () => book.fresh(() => capitalize(inventWord(givenRng, 1, 2))));
  const nameRng = rng.fork('names');
  const factRng = rng.fork('facts');
  const roleRng = rng.fork('roles');

  // Names first, so that entity-valued facts can point at any trained entity.
  const shells: { kind: EntityKind; id: string; name: string; role: EntityRole }[] = [];
  for (const kind of ENTITY_KINDS) {
    const n = config.trained[kind];
    const testIdx = new Set(roleRng.shuffle([...Array(n).keys()]).slice(0, Math.round(n * config.qaTestFraction)));
    for (let i = 0; i < n; i++) {
      shells.push({ kind, id: `${kind}-${i}`, name: makeName(kind, nameRng, book, givenNames), role: testIdx.has(i) ? 'qa-test' : 'qa-train' });
    }
    for (let i = 0; i < config.heldOut[kind]; i++) {
      shells.push({ kind, id: `${kind}-h${i}`, name: makeName(kind, nameRng, book, givenNames), role: 'held-out' });
    }
  }
  const targets = {} as Record<EntityKind, Entity[]>;
  for (const kind of ENTITY_KINDS) targets[kind] = [];
  const placeholder = (s: (typeof shells)[number]): Entity => ({ ...s, facts: {} });
  for (const s of shells) if (s.role !== 'held-out') targets[s.kind].push(placeholder(s));

  const entities = shells.map((s) => makeEntity(s.kind, s.id, s.role, s.name, factRng, pools, targets));
  return { config, entities, pools, givenNames };
}

/** Everything a generator of fresh (never evaluated) entities needs to avoid colliding with the world. */
export function freshEntityFactory(world: World, seed: string): (kind: EntityKind) => Entity {
  const rng = makeRng(seed);
  const book = new WordBook();
  for (const e of world.entities) book.fresh(() => coreWord(e.name));
  for (const words of [...Object.values(world.pools), world.givenNames]) for (const w of words) if (!book.has(w)) book.fresh(() => w);
  const targets = {} as Record<EntityKind, Entity[]>;
  for (const kind of ENTITY_KINDS) targets[kind] = world.entities.filter((e) => e.kind === kind && e.role !== 'held-out');
  let counter = 0;
  return (kind) => makeEntity(kind, `fresh-${counter++}`, 'held-out', makeName(kind, rng, book, world.givenNames), rng, world.pools, targets);
}

/** The invented word that makes a name unique ("the Tavo River" -> "Tavo"). */
function coreWord(name: string): string {
  const parts = name.split(' ');
  if (parts[0] === 'the') return parts[1];
  if (parts.length === 2 && COMPANY_SUFFIXES.includes(parts[1])) return parts[0];
  return parts[parts.length - 1];
}
