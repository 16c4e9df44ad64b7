// npm run compress: compresses one layer stored as float32 files, on WebGPU in headless Chromium or
// with the TypeScript twins in Node, and prints one report.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as LayerJobModule from '../../src/compress/layer-job.ts';
import { LabHarness } from '../lab/harness.ts';
import type { FileJobRequest, JobReport, KickRunner } from '../lab/runner-protocol.ts';
import { COMPRESS_COMMAND, parseCompressArgs, type CliJob } from './compress-args.ts';
import { CliInputError, helpText, usageLine } from './parse-cli.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

function readF32(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
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
    fail(message.replace(/^CompressInputError: /, ''), isInput ? 2 : 1);
  }
  await harness.close();
}

await main();
