// Loads the golden cases of ../shared/golden (outputs of the original authors' code) through a
// reader that works in Node or in the browser.

export type ReadShared = (relPath: string) => Promise<Uint8Array | null>;

export interface GoldenFileMeta {
  path: string;
  dtype?: 'float32' | 'uint8' | 'int32';
  shape?: number[];
}

export interface GoldenCaseMeta {
  case: string;
  method: string;
  variant: string;
  params: Record<string, unknown>;
  shapes: { W: [number, number]; X: [number, number]; out: [number, number] };
  calibration: { nsamples: number; seqlen: number };
  stats: Record<string, unknown>;
  files: Record<string, GoldenFileMeta>;
}

export interface GoldenCase {
  meta: GoldenCaseMeta;
  rows: number;
  cols: number;
  W: Float32Array;
  X: Float32Array;
  /** Every other file of the case, typed by its extension (.f32, .u8, .i32). */
  arrays: Record<string, Float32Array | Uint8Array | Int32Array>;
}

export const SHARED_MISSING =
  'skipped: ../shared/golden is not beside this checkout (set KICK_SHARED to its parent folder to run the golden checks)';

function typed(bytes: Uint8Array, path: string): Float32Array | Uint8Array | Int32Array {
  const copy = bytes.slice().buffer;
  if (path.endsWith('.f32')) return new Float32Array(copy);
  if (path.endsWith('.i32')) return new Int32Array(copy);
  return new Uint8Array(copy);
}

function joinPath(dir: string, rel: string): string {
  const parts = `${dir}/${rel}`.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

export async function goldenCaseNames(read: ReadShared): Promise<string[] | null> {
  const index = await read('golden/index.json');
  if (!index) return null;
  const parsed = JSON.parse(new TextDecoder().decode(index)) as { cases: Array<{ case: string }> };
  return parsed.cases.map((c) => c.case);
}

export async function loadGoldenCase(read: ReadShared, name: string): Promise<GoldenCase> {
  const dir = `golden/${name}`;
  const metaBytes = await read(`${dir}/case.json`);
  if (!metaBytes) throw new Error(`golden case ${name} has no case.json`);
  const meta = JSON.parse(new TextDecoder().decode(metaBytes)) as GoldenCaseMeta;
  const arrays: GoldenCase['arrays'] = {};
  let W: Float32Array | null = null;
  let X: Float32Array | null = null;
  for (const [key, file] of Object.entries(meta.files)) {
    const bytes = await read(joinPath(dir, file.path));
    if (!bytes) throw new Error(`golden case ${name}: missing ${file.path}`);
    const array = typed(bytes, file.path);
    if (key === 'W') W = array as Float32Array;
    else if (key === 'X') X = array as Float32Array;
    else arrays[key] = array;
  }
  if (!W || !X) throw new Error(`golden case ${name} lacks W or X`);
  const [rows, cols] = meta.shapes.W;
  return { meta, rows, cols, W, X, arrays };
}
