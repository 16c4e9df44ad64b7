// Share links: a sweep's config and results in the URL fragment (never sent to a server),
// compressed, versioned, checksummed and validated with the sweep schema when opened.
//
// Link format: `#share=v1.<crc32 hex of the compressed bytes>.<base64url(deflate-raw(JSON))>`.
// The JSON is a share payload: { schema, version, dropped, sweep }. Secrets never enter it:
// judge URLs lose credentials, query and fragment; parameters named like keys or tokens go.
import { z } from 'zod';
import { crcHex, deflateRaw, fromBase64Url, inflateRaw, ShareLinkError, toBase64Url } from './share-codec.ts';
import { sweepSchema, type Sweep } from './sweep.ts';

export { ShareLinkError } from './share-codec.ts';

export const SHARE_SCHEMA_ID = 'kick-lab/share';
export const SHARE_VERSION = 1;
export const SHARE_PARAM = 'share';
/**
 * Longest link text (after `#share=`) made by default. Browsers take far more; chat tools and
 * issue trackers start cutting long URLs somewhere above this.
 */
export const SHARE_BUDGET_CHARS = 24_000;
/** Largest JSON a link may unpack to. */
export const MAX_SHARE_JSON_BYTES = 16 * 1024 * 1024;

export type Dropped = 'examples' | 'layers';

const sharePayloadSchema = z
  .object({
    schema: z.literal(SHARE_SCHEMA_ID),
    version: z.literal(SHARE_VERSION),
    dropped: z.array(z.enum(['examples', 'layers'])),
    sweep: sweepSchema,
  })
  .strict();

export interface SharedSweep {
  sweep: Sweep;
  /** What was left out to fit the size budget: the UI says so. */
  dropped: Dropped[];
}

export interface EncodedShare extends SharedSweep {
  /** The text after `#share=`. */
  text: string;
}

const SECRET_NAME = /key|token|secret|password|passwd|auth|credential|bearer|cookie|session/i;

function cleanUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    // Not an absolute URL: keep only what precedes any query or fragment.
    return url.split(/[?#]/)[0] || 'redacted';
  }
}

function redactText(text: string): string {
  return text
    .replace(/\b(api[_-]?key|access[_-]?token|token|secret|password|key)=([^&\s]+)/gi, '$1=[redacted]')
    .replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]')
    .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]')
    .replace(/\bhf_[A-Za-z0-9]{8,}/g, 'hf_[redacted]');
}

function cleanParams<T>(params: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !SECRET_NAME.test(k)));
}

/** A copy of the sweep with every known place a secret could sit cleaned. */
export function stripSecrets(sweep: Sweep): Sweep {
  const s = structuredClone(sweep);
  if (s.config.judge) s.config.judge = { url: cleanUrl(s.config.judge.url), model: s.config.judge.model };
  s.config.methods = s.config.methods.map((m) => ({ id: m.id, params: cleanParams(m.params) }));
  s.error = s.error === null ? null : redactText(s.error);
  for (const p of s.points) {
    const r = p.record;
    if (r.judge) r.judge = { url: cleanUrl(r.judge.url), model: r.judge.model };
    r.method = { id: r.method.id, params: cleanParams(r.method.params) };
    if (r.device.adapter !== undefined) r.device.adapter = redactText(r.device.adapter);
    for (const t of r.suite) t.source = redactText(t.source.includes('://') ? cleanUrl(t.source) : t.source);
  }
  return s;
}

/** Without the per-example records and the records' per-example outcomes; intervals and drops stay. */
function withoutExamples(s: Sweep): Sweep {
  return {
    ...s,
    points: s.points.map((p) => ({ ...p, examples: [], record: { ...p.record, scores: p.record.scores.map((t) => ({ ...t, outcomes: [] })) } })),
  };
}

function withoutLayers(s: Sweep): Sweep {
  return { ...s, points: s.points.map((p) => ({ ...p, layers: [] })) };
}

async function pack(sweep: Sweep, dropped: Dropped[]): Promise<string> {
  const payload = { schema: SHARE_SCHEMA_ID, version: SHARE_VERSION, dropped, sweep };
  const bytes = await deflateRaw(new TextEncoder().encode(JSON.stringify(payload)));
  return `v${SHARE_VERSION}.${crcHex(bytes)}.${toBase64Url(bytes)}`;
}

/**
 * The link text for a sweep under `budget` characters: whole first, then without the per-example
 * records, then without the per-layer reports too. Throws when even the scores do not fit.
 */
export async function encodeShare(sweep: Sweep, budget = SHARE_BUDGET_CHARS): Promise<EncodedShare> {
  const clean = stripSecrets(sweepSchema.parse(sweep));
  const attempts: Array<[Sweep, Dropped[]]> = [
    [clean, []],
    [withoutExamples(clean), ['examples']],
    [withoutLayers(withoutExamples(clean)), ['examples', 'layers']],
  ];
  let last = 0;
  for (const [s, dropped] of attempts) {
    const text = await pack(s, dropped);
    if (text.length <= budget) return { text, sweep: s, dropped };
    last = text.length;
  }
  throw new ShareLinkError(`the results are too large for a link (${last} characters even without examples and layers; the limit is ${budget}); export JSON instead`);
}

/** Opens link text: checks the version and checksum, unpacks, validates. One clear line on failure. */
export async function decodeShare(text: string): Promise<SharedSweep> {
  const trimmed = text.trim();
  const m = /^v(\d+)\.([0-9a-f]{8})\.(.*)$/s.exec(trimmed);
  if (!m) throw new ShareLinkError('this is not a KICK Lab share link (expected v1.<checksum>.<data>)');
  if (Number(m[1]) !== SHARE_VERSION) throw new ShareLinkError(`this share link has version ${m[1]}; this app opens version ${SHARE_VERSION}`);
  const bytes = fromBase64Url(m[3]);
  if (crcHex(bytes) !== m[2]) throw new ShareLinkError('the link is damaged or was altered: its checksum does not match');
  const json = await inflateRaw(bytes, MAX_SHARE_JSON_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new ShareLinkError('the link is damaged: its data is not JSON');
  }
  const parsed = sharePayloadSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShareLinkError(`the link's results are malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return { sweep: stripSecrets(parsed.data.sweep), dropped: parsed.data.dropped };
}

/** The share text inside a location hash (`#share=...`), or null when the hash is something else. */
export function shareTextFromHash(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h.startsWith(`${SHARE_PARAM}=`)) return null;
  const raw = h.slice(SHARE_PARAM.length + 1);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function shareUrl(base: string, text: string): string {
  const u = new URL(base);
  u.hash = `${SHARE_PARAM}=${text}`;
  return u.toString();
}
