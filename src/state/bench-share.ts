// Kernel benchmark links: a KernelBenchReport in the URL fragment (never sent to a server),
// `#/bench/v1.<crc32 hex>.<base64url(deflate-raw(JSON))>`, checksummed and validated with zod
// when opened, like the sweep share links (share.ts).
import { z } from 'zod';
import { KERNEL_BENCH_SCHEMA, KERNEL_BENCH_VERSION, type KernelBenchReport } from '../compress/bench/report.ts';
import { crcHex, deflateRaw, fromBase64Url, inflateRaw, ShareLinkError, toBase64Url } from './share-codec.ts';

export const BENCH_ROUTE = '/bench';
/** A report unpacks to a few kilobytes; anything much larger is not one. */
const MAX_BENCH_JSON_BYTES = 1024 * 1024;

const timer = z.enum(['timestamp', 'fence', 'wall']);
const bound = z.enum(['bandwidth', 'compute']);
const finite = z.number().finite();

const baselineSchema = z.object({ label: z.string().max(500), ms: finite.positive(), work: finite.positive(), rate: finite.positive(), timer }).strict();

const rowSchema = z
  .object({
    kernel: z.string().max(200),
    shape: z.string().regex(/^\d+x\d+$/),
    bound,
    scope: z.enum(['kernel', 'launcher']),
    ms: finite.nonnegative().nullable(),
    work: finite.nonnegative(),
    rate: finite.nonnegative().nullable(),
    fraction: finite.nonnegative().nullable(),
    timer,
    error: z.string().max(2000).optional(),
  })
  .strict();

const benchReportSchema = z
  .object({
    schema: z.literal(KERNEL_BENCH_SCHEMA),
    version: z.literal(KERNEL_BENCH_VERSION),
    createdAt: z.string().max(64),
    adapter: z
      .object({
        vendor: z.string().max(200),
        architecture: z.string().max(200),
        description: z.string().max(500),
        isFallbackAdapter: z.boolean(),
        features: z.array(z.string().max(100)).max(200),
        limits: z.record(z.string().max(100), finite),
      })
      .strict(),
    runs: z.number().int().positive(),
    warmup: z.number().int().nonnegative(),
    tokens: z.number().int().positive(),
    baselines: z.object({ copy: baselineSchema, matmul: baselineSchema }).strict(),
    rows: z.array(rowSchema).max(1000),
  })
  .strict();

// The schema and the report type must describe the same object.
type SchemaReport = z.infer<typeof benchReportSchema>;
const sameShape: [SchemaReport, KernelBenchReport] extends [KernelBenchReport, SchemaReport] ? true : never = true;
void sameShape;

/** Validates a report (an imported JSON file, or a decoded link); one clear line on failure. */
export function parseBenchReport(value: unknown): KernelBenchReport {
  const parsed = benchReportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShareLinkError(`the benchmark report is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function encodeBenchLink(report: KernelBenchReport): Promise<string> {
  const bytes = await deflateRaw(new TextEncoder().encode(JSON.stringify(parseBenchReport(report))));
  return `v${KERNEL_BENCH_VERSION}.${crcHex(bytes)}.${toBase64Url(bytes)}`;
}

export async function decodeBenchLink(text: string): Promise<KernelBenchReport> {
  const m = /^v(\d+)\.([0-9a-f]{8})\.(.*)$/s.exec(text.trim());
  if (!m) throw new ShareLinkError('this is not a KICK Lab benchmark link (expected v1.<checksum>.<data>)');
  if (Number(m[1]) !== KERNEL_BENCH_VERSION) throw new ShareLinkError(`this benchmark link has version ${m[1]}; this app opens version ${KERNEL_BENCH_VERSION}`);
  const bytes = fromBase64Url(m[3]);
  if (crcHex(bytes) !== m[2]) throw new ShareLinkError('the link is damaged or was altered: its checksum does not match');
  const json = await inflateRaw(bytes, MAX_BENCH_JSON_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new ShareLinkError('the link is damaged: its data is not JSON');
  }
  return parseBenchReport(value);
}

/** What a run needs to measure the same rows as a report: its shapes, kernels, runs and tokens. */
export interface BenchForm {
  /** "RxC,RxC" in the order the rows first name them. */
  shapes: string;
  kernels: string[];
  runs: number;
  tokens: number;
}

/** The form that re-measures a report's rows on this browser's adapter (a shared link's, say). */
export function benchFormOf(report: KernelBenchReport): BenchForm {
  const unique = (values: string[]) => [...new Set(values)];
  return {
    shapes: unique(report.rows.map((r) => r.shape)).join(','),
    kernels: unique(report.rows.map((r) => r.kernel)),
    runs: report.runs,
    tokens: report.tokens,
  };
}

/** The link text in a `#/bench/<text>` hash, '' for the bare view, null for another route. */
export function benchTextFromHash(hash: string): string | null {
  const h = hash.replace(/^#/, '');
  if (h === BENCH_ROUTE) return '';
  if (!h.startsWith(`${BENCH_ROUTE}/`)) return null;
  return h.slice(BENCH_ROUTE.length + 1);
}

export function benchUrl(base: string, text: string): string {
  const u = new URL(base);
  u.hash = `${BENCH_ROUTE}/${text}`;
  return u.toString();
}
