// Bounds on every sweep that enters the app from outside its own setup: share links, JSON files
// and entries read back from the history. A link is attacker-made text; without bounds a 38 KB
// link asked for 63 M planned points and froze the tab. These checks run on the parsed JSON before
// the schema, any planning or any rendering, and each costs at most one pass over the value.

/** Longest share-link text (after `#share=`) opened. The app makes links of at most 24,000 characters (SHARE_BUDGET_CHARS); this leaves room for links made with a larger budget by hand, and keeps the decode work bounded. */
export const MAX_LINK_CHARS = 64_000;

/**
 * Most points a sweep may plan, dense included. The setup refuses more than 64 compressed points
 * (one GPU session runs them in turn); nothing the app makes plans more, so a link or stored sweep
 * that does was made by hand.
 */
export const MAX_PLANNED_POINTS = 65;

/** Task entries in a config before duplicates are merged: 7 tasks exist, each listed once by the setup. */
export const MAX_TASK_ENTRIES = 32;

/** Method entries in a config: 7 methods and 12 prune+quantize combinations exist. */
export const MAX_METHOD_ENTRIES = 32;

/** Entries in each level list (sparsities, N:M patterns, bit widths): the setup offers 9, 3 and 5. */
export const MAX_LEVEL_ENTRIES = 64;

/**
 * Per-layer reports of one point. The largest Llama (405B) has 126 blocks of 7 linear layers (882);
 * no model the lab can hold in a browser comes near this.
 */
export const MAX_LAYERS_PER_POINT = 4_096;

/** Examples one task may ask for or record: MMLU's test split (14,042 questions) is the largest set the tasks draw from. */
export const MAX_EXAMPLES_PER_TASK = 20_000;

/** Longest string anywhere in a sweep: a prompt with an open-book context or a news article fits many times over. */
export const MAX_STRING_CHARS = 200_000;

/** Longest judge URL: real endpoints are under 200 characters; browsers and servers start refusing URLs near 8,000. */
export const MAX_URL_CHARS = 2_048;

/** Deepest nesting of objects and arrays: a real sweep nests about 9 levels (points, record, scores, drop, interval). */
export const MAX_NESTING = 32;

/** Keys of any one object: parameter and score maps hold a handful. */
export const MAX_OBJECT_KEYS = 1_000;

/** How much of a text taken from the input an error message quotes. */
export const EXCERPT_CHARS = 80;

/** Longest error message built from input: one line a person can read, whatever the input held. */
const MAX_MESSAGE_CHARS = 400;

export class InputLimitError extends Error {
  constructor(message: string) {
    super(boundedMessage(message));
    this.name = 'InputLimitError';
  }
}

/** At most `max` characters of untrusted text, with an ellipsis where it was cut. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** A whole message cut to one readable line, whatever quoted text went into it. */
export function boundedMessage(message: string): string {
  return excerpt(message.replace(/\s+/g, ' '), MAX_MESSAGE_CHARS);
}

/** A path of object keys and indices as `a.b.0.c`, each key cut to a short excerpt. */
export function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.map((k) => excerpt(String(k), 40)).join('.') || '(root)';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walks a parsed JSON value once: nesting, string lengths, object sizes and a bound on every array. */
function checkShape(value: unknown, path: PropertyKey[], maxArray: number): void {
  if (path.length > MAX_NESTING) throw new InputLimitError(`the data nests deeper than ${MAX_NESTING} levels (at ${pathText(path.slice(0, 6))}…)`);
  if (typeof value === 'string') {
    if (value.length > MAX_STRING_CHARS) throw new InputLimitError(`a text at ${pathText(path)} is ${value.length} characters long; the limit is ${MAX_STRING_CHARS}`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > maxArray) throw new InputLimitError(`the list at ${pathText(path)} has ${value.length} entries; the limit is ${maxArray}`);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkShape(value[i], path, maxArray);
      path.pop();
    }
    return;
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length > MAX_OBJECT_KEYS) throw new InputLimitError(`the object at ${pathText(path)} has ${keys.length} keys; the limit is ${MAX_OBJECT_KEYS}`);
    for (const k of keys) {
      if (k.length > MAX_STRING_CHARS) throw new InputLimitError(`a key at ${pathText(path)} is ${k.length} characters long; the limit is ${MAX_STRING_CHARS}`);
      path.push(k);
      checkShape(value[k], path, maxArray);
      path.pop();
    }
  }
}

function listAt(value: unknown, path: string[]): unknown[] | null {
  let v: unknown = value;
  for (const k of path) {
    if (!isObject(v)) return null;
    v = v[k];
  }
  return Array.isArray(v) ? v : null;
}

function checkCount(list: unknown[] | null, max: number, what: string): void {
  if (list && list.length > max) throw new InputLimitError(`the sweep lists ${list.length} ${what}; the limit is ${max}`);
}

/**
 * Checks the sizes of a sweep as parsed JSON, before it is validated or planned: its lists
 * (tasks, methods, levels, points, layers, examples), its strings and its nesting. Throws an
 * `InputLimitError` whose message quotes no more than a short excerpt of the input.
 */
export function checkSweepLimits(value: unknown): void {
  // Lists the layout knows are checked by name first, so that the message says what was too long.
  checkCount(listAt(value, ['config', 'tasks']), MAX_TASK_ENTRIES, 'task entries');
  checkCount(listAt(value, ['config', 'methods']), MAX_METHOD_ENTRIES, 'method entries');
  checkCount(listAt(value, ['config', 'sparsities']), MAX_LEVEL_ENTRIES, 'sparsities');
  checkCount(listAt(value, ['config', 'patterns']), MAX_LEVEL_ENTRIES, 'N:M patterns');
  checkCount(listAt(value, ['config', 'bits']), MAX_LEVEL_ENTRIES, 'bit widths');
  const points = listAt(value, ['points']);
  checkCount(points, MAX_PLANNED_POINTS, 'finished points');
  for (const p of points ?? []) {
    checkCount(listAt(p, ['layers']), MAX_LAYERS_PER_POINT, 'layers in one point');
    for (const t of listAt(p, ['examples']) ?? []) checkCount(listAt(t, ['examples']), MAX_EXAMPLES_PER_TASK, 'examples in one task');
  }
  for (const t of listAt(value, ['config', 'tasks']) ?? []) {
    const size = isObject(t) ? t.size : undefined;
    if (typeof size === 'number' && size > MAX_EXAMPLES_PER_TASK) throw new InputLimitError(`a task asks for ${size} examples; the limit is ${MAX_EXAMPLES_PER_TASK}`);
  }
  const judge = isObject(value) && isObject(value.config) ? value.config.judge : undefined;
  if (isObject(judge) && typeof judge.url === 'string' && judge.url.length > MAX_URL_CHARS)
    throw new InputLimitError(`the judge URL is ${judge.url.length} characters long; the limit is ${MAX_URL_CHARS}`);
  // Everything else: no list may exceed the longest list a sweep legitimately holds.
  checkShape(value, [], Math.max(MAX_EXAMPLES_PER_TASK, MAX_LAYERS_PER_POINT));
}
