// Hostile share links for the fuzzer: valid links cut, flipped and padded as text; payloads
// changed at a random place and packed again with a valid checksum, so that they get past the
// codec to the limits and the schema; and the hand-made oversized cases of issue 31.
import { crcHex, deflateRaw, toBase64Url } from '../../src/state/share-codec.ts';
import { HOSTILE_SWEEPS, packPayload } from '../../test/state/hostile-links.ts';
import { hostileSweep, paperFindingSweep, quantSweep } from '../../test/state/sweep-fixtures.ts';

export type Rng = () => number;

export interface FuzzCase {
  /** What was done, for the report: "text: flip", "payload: huge-array at config.tasks"... */
  kind: string;
  text: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, from: readonly T[]): T => from[int(rng, from.length)];

interface Seed {
  /** The payload's JSON text: parsed afresh for each mutation. */
  json: string;
  /** Every path inside it, listed once. */
  paths: Array<Array<string | number>>;
}

export interface Seeds {
  payloads: Seed[];
  links: string[];
}

/** The seeds every mutation starts from: real sweeps (their payloads as plain JSON) and their links. */
export async function seeds(): Promise<Seeds> {
  const values = [paperFindingSweep(), quantSweep(), hostileSweep()].map((sweep) => JSON.parse(JSON.stringify({ schema: 'kick-lab/share', version: 1, dropped: [], sweep })) as Json);
  const links = await Promise.all(values.map((p) => packPayload(p)));
  return { payloads: values.map((v) => ({ json: JSON.stringify(v), paths: paths(v) })), links };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ODD_TEXT = ['', '<script>window.__pwned=1</script>', 'javascript:alert(1)', '\u0000\u202e\ud800', '%E0%A4%A', '../../etc/passwd', 'sk-abcdefghijklmnop', 'https://u:p@evil.example/?api_key=SECRET'];

/** Changes to the link text itself: most end at the checksum or the format check. */
function mutateText(rng: Rng, link: string): FuzzCase {
  const [v, crc, data] = link.split('.');
  const at = int(rng, data.length);
  switch (int(rng, 10)) {
    case 0:
      return { kind: 'text: flip one character', text: `${v}.${crc}.${data.slice(0, at)}${ALPHABET[int(rng, ALPHABET.length)]}${data.slice(at + 1)}` };
    case 1:
      return { kind: 'text: cut', text: link.slice(0, int(rng, link.length)) };
    case 2:
      return { kind: 'text: other version', text: `v${pick(rng, ['0', '2', '99', '1e9', '-1', 'NaN', '9'.repeat(400)])}.${crc}.${data}` };
    case 3:
      return { kind: 'text: wrong checksum', text: `${v}.${(int(rng, 2 ** 32) >>> 0).toString(16).padStart(8, '0')}.${data}` };
    case 4:
      return { kind: 'text: odd characters', text: `${v}.${crc}.${data.slice(0, at)}${pick(rng, ODD_TEXT)}${data.slice(at)}` };
    case 5:
      return { kind: 'text: padded past the length limit', text: link + 'A'.repeat(60_000 + int(rng, 200_000)) };
    case 6:
      return { kind: 'text: garbage', text: Array.from({ length: int(rng, 2000) }, () => String.fromCharCode(int(rng, 0x3000))).join('') };
    case 7:
      return { kind: 'text: whitespace and case', text: ` ${link.toUpperCase()} ` };
    case 8:
      return { kind: 'text: data repeated', text: `${v}.${crc}.${data.repeat(1 + int(rng, 3))}` };
    default:
      return { kind: 'text: odd text alone', text: pick(rng, ODD_TEXT) };
  }
}

/** Every path to a value inside `value` (objects and arrays), the root included. */
function paths(value: Json, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

/** The value at `path`, or undefined where the path leads through something that is not an object or array. */
function getAt(value: Json, path: Array<string | number>): Json | undefined {
  let v: Json | undefined = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, Json>)[k];
  }
  return v;
}

function setAt(value: Json, path: Array<string | number>, next: Json): Json {
  if (path.length === 0) return next;
  const parent = getAt(value, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1]] = next;
  return value;
}

function nested(depth: number): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** A replacement for one value: wrong types, extremes, huge lists and strings, deep nesting, copies. */
function hostileValue(rng: Rng, old: Json): { name: string; value: Json } {
  switch (int(rng, 16)) {
    case 0:
      return { name: 'null', value: null };
    case 1:
      return { name: 'number', value: pick(rng, [-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, 1e-320, 65, 64, 20_001]) };
    case 2:
      return { name: 'string', value: pick(rng, ODD_TEXT) };
    case 3:
      return { name: 'long string', value: 'A'.repeat(1000 + int(rng, 400_000)) };
    case 4: {
      // Copies of a small value make a huge list; of a large one (a whole point), a long one.
      const size = JSON.stringify(old).length;
      const copies = size < 500 ? 1000 + int(rng, 120_000) : 10 + int(rng, Math.max(1, Math.floor(2_000_000 / size)));
      return { name: 'huge array of copies', value: Array.from({ length: copies }, () => old) };
    }
    case 5:
      return { name: 'deep nesting', value: nested(10 + int(rng, 3000)) };
    case 6:
      return { name: 'many keys', value: Object.fromEntries(Array.from({ length: 100 + int(rng, 5000) }, (_, i) => [`k${i}`, i])) };
    case 7:
      return { name: 'prototype keys', value: JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}') as Json };
    case 8:
      return { name: 'boolean', value: rng() < 0.5 };
    case 9:
      return { name: 'empty array', value: [] };
    case 10:
      return { name: 'empty object', value: {} };
    case 11:
      return { name: 'array doubled', value: Array.isArray(old) ? [...old, ...structuredClone(old)] : [old, old] };
    case 12:
      return { name: 'judge with credentials', value: { url: 'https://user:hunter2@evil.example:8443/v1?api_key=SECRET&token=SECRET', model: 'judge-1' } };
    case 13:
      return { name: 'many sparsities', value: Array.from({ length: 10 + int(rng, 20_000) }, (_, i) => (i + 1) / 20_001) };
    case 14:
      return { name: 'many combinations', value: Array.from({ length: 10 + int(rng, 2_000) }, (_, i) => ({ id: `p${i}+rtn`, params: {} })) };
    default:
      return { name: 'number as string', value: typeof old === 'number' ? String(old) : 'NaN' };
  }
}

/** Targets worth hitting more often than a uniform pick would: the lists and the judge. */
const HOT_PATHS: Array<Array<string | number>> = [
  ['sweep', 'config', 'tasks'],
  ['sweep', 'config', 'methods'],
  ['sweep', 'config', 'sparsities'],
  ['sweep', 'config', 'bits'],
  ['sweep', 'config', 'patterns'],
  ['sweep', 'config', 'judge'],
  ['sweep', 'points'],
  ['sweep', 'points', 1, 'layers'],
  ['sweep', 'points', 1, 'examples', 0, 'examples'],
  ['sweep', 'name'],
  ['sweep', 'points', 1, 'key'],
];

/** Changes the payload at one to three places and packs it again with a valid checksum. */
async function mutatePayload(rng: Rng, seed: Seed): Promise<FuzzCase> {
  let payload = JSON.parse(seed.json) as Json;
  const names: string[] = [];
  for (let n = 1 + int(rng, 3); n > 0; n--) {
    // Paths of the seed: after an earlier change some lead nowhere, and are skipped.
    const path = rng() < 0.4 ? pick(rng, HOT_PATHS) : pick(rng, seed.paths);
    const old = getAt(payload, path);
    // A path of the seed that an earlier change removed, or whose parent is no container now.
    const parent = path.length ? getAt(payload, path.slice(0, -1)) : null;
    if (old === undefined || (path.length && (parent === null || typeof parent !== 'object'))) continue;
    const { name, value } = hostileValue(rng, old);
    payload = setAt(payload, path, value);
    names.push(`${name} at ${path.join('.') || '(root)'}`);
  }
  return { kind: `payload: ${names.join('; ') || 'unchanged'}`, text: await packPayload(payload) };
}

/** A deflate bomb: a small link that unpacks to far more than the JSON limit. */
async function bomb(rng: Rng): Promise<FuzzCase> {
  const bytes = await deflateRaw(new Uint8Array((5 + int(rng, 60)) * 1024 * 1024).fill(32));
  return { kind: 'bomb: unpacks to megabytes of spaces', text: `v1.${crcHex(bytes)}.${toBase64Url(bytes)}` };
}

/** The `index`-th case of a run: a fixed mix of text changes, payload changes, the cases and bombs. */
export async function fuzzCase(rng: Rng, index: number, s: Seeds): Promise<FuzzCase> {
  if (index < HOSTILE_SWEEPS.length) {
    const h = HOSTILE_SWEEPS[index];
    return { kind: `issue case: ${h.name}`, text: await packPayload({ schema: 'kick-lab/share', version: 1, dropped: [], sweep: h.make() }) };
  }
  const r = rng();
  if (r < 0.3) return mutateText(rng, pick(rng, s.links));
  if (r < 0.995) return mutatePayload(rng, pick(rng, s.payloads));
  return bomb(rng);
}
