// Which results were open, kept across a reload so that the Results view opens them again: a
// sweep of this browser's history by id, or a recorded example by its id. A share link needs
// nothing kept (it is in the address).
import type { ExampleSweep } from './examples.ts';

export type LastResults = { kind: 'history'; id: string } | { kind: 'example'; id: ExampleSweep['id'] };

const KEY = 'kick-lab:last-results';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be refused (privacy settings); the view then starts empty after a reload.
    return null;
  }
}

export function rememberResults(ref: LastResults, store: Store | null = storage()): void {
  try {
    store?.setItem(KEY, JSON.stringify(ref));
  } catch {
    // A full or refused store only costs the reopening.
  }
}

export function forgetResults(store: Store | null = storage()): void {
  try {
    store?.removeItem(KEY);
  } catch {
    // As above.
  }
}

/** The results last shown, or null when none were kept or what was kept is not understood. */
export function lastResults(store: Store | null = storage()): LastResults | null {
  let raw: string | null = null;
  try {
    raw = store?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { kind?: unknown; id?: unknown };
    if (v.kind === 'history' && typeof v.id === 'string' && v.id.length > 0) return { kind: 'history', id: v.id };
    if (v.kind === 'example' && (v.id === 'paper' || v.id === 'quant')) return { kind: 'example', id: v.id };
  } catch {
    // Not JSON: treated as nothing kept.
  }
  return null;
}
