// A sweep run the way the app runs it (src/state/sweep-runner.ts: the points still missing, each
// result joining the sweep), with the lab run in the test page instead of the lab worker, so that
// a test can reach into the run: lose the GPU device, count the points evaluated, pick the servers.
import { runSweepPoints, type RunError } from '../../src/state/sweep-runner.ts';
import { newSweepId, pendingPoints, SWEEP_SCHEMA_ID, SWEEP_VERSION, type Sweep, type SweepConfig } from '../../src/state/sweep.ts';
import { labRunConfigSchema, type LabEvent, type LabRunConfig, type LabRunInput } from '../../src/worker/lab-protocol.ts';
import type { LabEnvironment } from '../../src/worker/lab-run-context.ts';
import { runLab } from '../../src/worker/lab-run.ts';

export function newSweep(config: SweepConfig): Sweep {
  const at = new Date().toISOString();
  return { schema: SWEEP_SCHEMA_ID, version: SWEEP_VERSION, id: newSweepId(), name: 'loss test', createdAt: at, updatedAt: at, status: 'running', error: null, config, points: [] };
}

export interface SweepPass {
  sweep: Sweep;
  errors: RunError[];
  /** Labels of the points this pass evaluated (the worker's 'point' events), in order. */
  evaluated: string[];
  /** The worker input of this pass: which points it was asked to run. */
  input: LabRunConfig;
}

/**
 * Runs every point of `sweep` that has no result yet (all of them on a new sweep, the missing ones
 * on a retry), as the run store does. `adapt` turns the app's worker input into the test's (a model
 * served locally, the built-in suite...); `onEvent` sees each event before the sweep does.
 */
export async function runMissingPoints(
  sweep: Sweep,
  env: LabEnvironment,
  adapt: (input: LabRunInput) => LabRunInput,
  onEvent: (event: LabEvent) => void = () => {},
): Promise<SweepPass> {
  const evaluated: string[] = [];
  let input: LabRunConfig | null = null;
  const outcome = await runSweepPoints({
    sweep,
    points: pendingPoints(sweep),
    calibrationText: null,
    sink: null,
    signal: new AbortController().signal,
    callbacks: { onProgress() {}, onPoint() {}, onError() {}, onSaveError() {} },
    runner: (appInput, emit, signal) => {
      input = labRunConfigSchema.parse(adapt(appInput));
      return runLab(
        input,
        env,
        (event) => {
          if (event.type === 'point') evaluated.push(event.result.label);
          onEvent(event);
          emit(event);
        },
        signal,
      );
    },
  });
  return { sweep: outcome.sweep, errors: outcome.errors, evaluated, input: input! };
}
