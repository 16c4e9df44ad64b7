// npm run compress: compresses one layer stored as float32 files, on WebGPU in headless Chromium or
// with the TypeScript twins in Node, and prints one report.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { countNonFinite, describeNonFinite } from '../../src/compress/finite.ts';
import type * as LayerJobModule from '../../src/compress/layer-job.ts';
import type * as RegistryModule from '../../src/compress/registry.ts';
import { LabHarness } from '../lab/harness.ts';
import type { FileJobRequest, JobReport, KickRunner } from '../lab/runner-protocol.ts';
import { COMPRESS_COMMAND, parseCompressArgs, type CliJob } from './compress-args.ts';
import { refuseUntakenParams } from './method-options.ts';
import { CliInputError, helpText, usageLine } from './parse-cli.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

function readF32(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** NaN or Inf in an input file is refused here, naming the file, before a browser starts. */
function checkFinite(what: string, path: string, cols: number): void {
  const count = countNonFinite(readF32(path));
  if (count) throw new CliInputError(`${what} ${path} has ${describeNonFinite(count, cols)}; NaN and Inf cannot be compressed`);
}

/** The output's folder must exist before the work starts, not be found missing after it. */
function checkOutPath(path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new CliInputError(`--out ${path}: folder ${folder} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliInputError(`--out ${path} is a folder; give a file name`);
}

/** File sizes against the declared shapes; returns the calibration's token count and sequence length. */
function checkFiles(job: CliJob): { tokens: number; seqlen: number } | null {
  if (!existsSync(job.weightPath)) throw new CliInputError(`weight file ${job.weightPath} does not exist`);
  const weightBytes = statSync(job.weightPath).size;
  const need = job.rows * job.cols * 4;
  if (weightBytes !== need) {
    throw new CliInputError(
      `weight file ${job.weightPath} has ${weightBytes} bytes, but shape ${job.rows}x${job.cols} needs ${need} (float32)`,
    );
  }
  checkOutPath(job.outPath);
  checkFinite('weight file', job.weightPath, job.cols);
  if (!job.calib) return null;
  const { path } = job.calib;
  if (!existsSync(path)) throw new CliInputError(`calibration file ${path} does not exist`);
  const calibBytes = statSync(path).size;
  const rowBytes = job.cols * 4;
  const tokens = job.calib.tokens ?? calibBytes / rowBytes;
  if (job.calib.tokens !== null && calibBytes % (tokens * 4) === 0 && calibBytes !== tokens * rowBytes) {
    throw new CliInputError(
      `calibration width ${calibBytes / (tokens * 4)} (from ${calibBytes} bytes over ${tokens} rows) does not match the weight's input width ${job.cols}`,
    );
  }
  if (!Number.isInteger(tokens) || tokens < 1 || calibBytes !== tokens * rowBytes) {
    throw new CliInputError(
      `calibration file ${path} has ${calibBytes} bytes, which is not a whole number of rows of width ${job.cols}`,
    );
  }
  const seqlen = job.calib.seqlen ?? tokens;
  if (seqlen < 1) throw new CliInputError(`--seqlen must be positive, got ${seqlen}`);
  checkFinite('calibration file', path, job.cols);
  return { tokens, seqlen };
}

async function main(): Promise<void> {
  let job: CliJob;
  let calibShape: { tokens: number; seqlen: number } | null;
  try {
    const parsed = parseCompressArgs(process.argv.slice(2));
    if (parsed === 'help') {
      process.stdout.write(`${helpText(COMPRESS_COMMAND)}\n`);
      return;
    }
    job = parsed;
    calibShape = checkFiles(job);
  } catch (error) {
    if (error instanceof CliInputError) fail(`${error.message}\n${usageLine(COMPRESS_COMMAND)}`, 2);
    throw error;
  }

  const harness = await LabHarness.start();
  try {
    const layerJob = await harness.ssr<typeof LayerJobModule>('/src/compress/layer-job.ts');
    const recipe = (await harness.ssr<typeof RegistryModule>('/src/compress/registry.ts')).resolveRecipe(job.spec);
    refuseUntakenParams(recipe.id, job.params, recipe.steps.flatMap((step) => step.params));
    // Checked in Node before any data moves: a bad method or parameter never starts a browser.
    const placeholder = { data: new Float32Array(job.rows * job.cols), rows: job.rows, cols: job.cols };
    const { params } = layerJob.checkLayerJob(job.spec, job.params, placeholder, calibShape !== null);
    let outcome: JobReport;
    if (job.backend === 'cpu') {
      const weight = { data: readF32(job.weightPath), rows: job.rows, cols: job.cols };
      const calib = job.calib && calibShape ? { x: readF32(job.calib.path), ...calibShape } : null;
      const { result, outputErr, statsMs } = await layerJob.runLayerJob({ spec: job.spec, params: job.params, backend: 'cpu', weight, calib, evalTokens: job.evalTokens });
      writeFileSync(job.outPath, new Uint8Array(result.weight.buffer, result.weight.byteOffset, result.weight.byteLength));
      outcome = { report: result.report, outputErr, statsMs, peakGpuBytes: null };
    } else {
      const page = await harness.page();
      const request: FileJobRequest = {
        spec: job.spec,
        params: job.params,
        backend: 'webgpu',
        rows: job.rows,
        cols: job.cols,
        weightUrl: harness.input(resolve(job.weightPath)),
        calib: job.calib && calibShape ? { url: harness.input(resolve(job.calib.path)), ...calibShape } : null,
        evalTokens: job.evalTokens,
        outUrl: harness.output(resolve(job.outPath)),
      };
      outcome = await page.evaluate((req) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runFileJob(req), request);
    }
    const record = {
      method: job.spec,
      params,
      shape: [job.rows, job.cols],
      backend: outcome.report.backend,
      sparsity: outcome.report.sparsity,
      bits: outcome.report.bits,
      relErr: outcome.report.relErr,
      outputErr: outcome.outputErr,
      evalTokens: outcome.outputErr === null ? 0 : Math.min(job.evalTokens, calibShape?.tokens ?? 0),
      ms: outcome.report.ms,
      statsMs: outcome.statsMs,
      peakGpuBytes: outcome.peakGpuBytes,
      out: job.outPath,
    };
    if (job.json) {
      process.stdout.write(`${JSON.stringify(record)}\n`);
    } else {
      for (const [key, value] of Object.entries(record)) process.stdout.write(`${key.padEnd(12)} ${JSON.stringify(value)}\n`);
    }
  } catch (error) {
    const err = error as Error;
    // Errors thrown inside the page arrive wrapped by Playwright; keep the first meaningful line.
    const message = err.message.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0];
    const isInput = err.name === 'CompressInputError' || message.startsWith('CompressInputError');
    await harness.close();
    if (error instanceof CliInputError) fail(`${err.message}\n${usageLine(COMPRESS_COMMAND)}`, 2);
    fail(message.replace(/^\w*Error: /, ''), isInput ? 2 : 1);
  }
  await harness.close();
}

await main();
