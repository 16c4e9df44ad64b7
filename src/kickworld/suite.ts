import { makeRng } from './rng.ts';
import { buildTaskSets, DEFAULT_TASK_COUNTS, type TaskCounts, type TaskSets } from './tasks.ts';
import { DEFAULT_WORLD_CONFIG, generateWorld, type World, type WorldConfig } from './world.ts';

/** Bump when the generator's output changes for the same seed (it is part of the hash). */
export const GENERATOR_VERSION = 2;

export interface Suite {
  name: 'kickworld';
  /** `sha256:<hex>` of everything below: recorded with every result. */
  version: string;
  generatorVersion: number;
  world: WorldConfig;
  counts: TaskCounts;
  /** Expected score of blind guessing on closed-book ICR (it cannot know held-out entities). */
  icrClosedChance: number;
  tasks: TaskSets;
}

/** JSON with keys sorted, so the hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface BuiltSuite {
  world: World;
  suite: Suite;
}

export async function buildSuite(
  worldConfig: WorldConfig = DEFAULT_WORLD_CONFIG,
  counts: TaskCounts = DEFAULT_TASK_COUNTS,
): Promise<BuiltSuite> {
  const world = generateWorld(worldConfig);
  const tasks = buildTaskSets(world, counts, makeRng(worldConfig.seed).fork('tasks'));
  const icrClosedChance = tasks.icrClosed.reduce((s, q) => s + q.chance, 0) / Math.max(1, tasks.icrClosed.length);
  const body = { name: 'kickworld' as const, generatorVersion: GENERATOR_VERSION, world: worldConfig, counts, icrClosedChance, tasks };
  const version = `sha256:${await sha256Hex(canonicalJson(body))}`;
  return { world, suite: { ...body, version } };
}
