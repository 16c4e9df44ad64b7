import { collectStats } from '../../src/compress/collect-stats.ts';
import { checkLayerJob } from '../../src/compress/layer-job.ts';
import { compress } from '../../src/compress/registry.ts';
import { activations, randn } from '../../src/compress/synthetic.ts';
import type { JobReport, SyntheticJobRequest } from './runner-protocol.ts';

/**
 * A benchmark job on a seeded synthetic layer, run where this module is loaded (Node or page).
 * Calibration sequences are generated one at a time, so 128 x 512 tokens of a 4096-wide layer
 * never exist at once.
 */
export async function runSyntheticJob(req: SyntheticJobRequest, peakGpuBytes: () => number | null): Promise<JobReport> {
  const weight = { data: randn(req.rows * req.cols, req.seed, 0.02), rows: req.rows, cols: req.cols };
  const { params, needs } = checkLayerJob(req.spec, req.params, weight, true);
  const sequences = Math.ceil(req.tokens / req.seqlen);
  const t0 = performance.now();
  const stats =
    needs.length > 0
      ? await collectStats(req.backend, req.cols, needs, {
          count: sequences,
          seqlen: req.seqlen,
          sequence: (j) => activations(Math.min(req.seqlen, req.tokens - j * req.seqlen), req.cols, req.seed + 1 + j),
        })
      : null;
  const statsMs = performance.now() - t0;
  const result = await compress(req.spec, weight, stats, params, { backend: req.backend });
  return { report: result.report, outputErr: null, statsMs, peakGpuBytes: peakGpuBytes() };
}
