// Share links: a sweep's config and results in the URL fragment (never sent to a server),
// compressed, versioned, checksummed and validated with the sweep schema when opened.
//
// Link format: `#share=v1.<crc32 hex of the compressed bytes>.<base64url(deflate-raw(JSON))>`.
// The JSON is a share payload: { schema, version, dropped, sweep }. Secrets never enter it:
// judge URLs lose credentials, query and fragment; parameters named like keys or tokens go.
import { z } from 'zod';
import { crcHex, deflateRaw, fromBase64Url, inflateRaw, ShareLinkError, toBase64Url } from './share-codec.ts';
import { checkSweepLimits, excerpt, InputLimitError, MAX_LINK_CHARS, MAX_PLANNED_POINTS, pathText } from './input-limits.ts';
import { stripSecrets } from './secrets.ts';
import { plannedPointCount, sweepSchema, withUniqueTasks, type Sweep } from './sweep.ts';

export { ShareLinkError } from './share-codec.ts';

export const SHARE_SCHEMA_ID = 'kick-lab/share';
export const SHARE_VERSION = 1;
export const SHARE_PARAM = 'share';
/**
 * Longest link text (after `#share=`) made by default. Browsers take far more; chat tools and
 * issue trackers start cutting long URLs somewhere above this.
 */
export const SHARE_BUDGET_CHARS = 24_000;
/**
 * Largest JSON a link may unpack to: a link of MAX_LINK_CHARS holds about 48 KB of deflated data,
 * which real sweep JSON (compressing about 12:1: the paper fixture's 150 KB make 12,000 characters)
 * unpacks to well under 1 MiB; more is a deflate bomb or a list of copies, and parsing it is what
 * would take the time.
 */
export const MAX_SHARE_JSON_BYTES = 2 * 1024 * 1024;

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

/**
 * Opens link text: checks its length, the version and checksum, unpacks, checks the sizes
 * (input-limits.ts) before validating and counting the plan. One short line on failure.
 */
export async function decodeShare(text: string): Promise<SharedSweep> {
  if (text.length > MAX_LINK_CHARS + 64) throw new ShareLinkError(`the link is ${text.length} characters long; this app opens links of at most ${MAX_LINK_CHARS}`);
  const trimmed = text.trim();
  if (trimmed.length > MAX_LINK_CHARS) throw new ShareLinkError(`the link is ${trimmed.length} characters long; this app opens links of at most ${MAX_LINK_CHARS}`);
  const m = /^v(\d+)\.([0-9a-f]{8})\.(.*)$/s.exec(trimmed);
  if (!m) throw new ShareLinkError('this is not a KICK Lab share link (expected v1.<checksum>.<data>)');
  if (Number(m[1]) !== SHARE_VERSION) throw new ShareLinkError(`this share link has version ${excerpt(m[1], 12)}; this app opens version ${SHARE_VERSION}`);
  const bytes = fromBase64Url(m[3]);
  if (crcHex(bytes) !== m[2]) throw new ShareLinkError('the link is damaged or was altered: its checksum does not match');
  const json = await inflateRaw(bytes, MAX_SHARE_JSON_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new ShareLinkError('the link is damaged: its data is not JSON');
  }
  try {
    checkSweepLimits(typeof value === 'object' && value !== null ? (value as { sweep?: unknown }).sweep : undefined);
  } catch (e) {
    if (e instanceof InputLimitError) throw new ShareLinkError(`the link asks for too much: ${e.message}`);
    throw e;
  }
  const parsed = sharePayloadSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShareLinkError(`the link's results are malformed at ${pathText(issue.path)}: ${issue.message}`);
  }
  const planned = plannedPointCount(parsed.data.sweep.config);
  if (planned > MAX_PLANNED_POINTS) throw new ShareLinkError(`the link asks for too much: its sweep plans ${planned} points; the limit is ${MAX_PLANNED_POINTS}`);
  const sweep = { ...parsed.data.sweep, config: withUniqueTasks(parsed.data.sweep.config) };
  return { sweep: stripSecrets(sweep), dropped: parsed.data.dropped };
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
