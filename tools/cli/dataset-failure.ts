// `npm run kick` when a data set could not be loaded: the run's output is still printed, then each
// such data set is named with the source tried and how to use the app's built-in copy instead,
// and the command exits non-zero, so that a script never takes a run without its data for a result.
import type { LabError, LabRunInput } from '../../src/worker/lab-protocol.ts';

/** Exit status of a run in which a data set (tasks or calibration) could not be loaded. */
export const DATASET_EXIT_CODE = 3;

const BUILTIN_DIR = 'public/datasets';

/** The data set a failure is about, or null when it is not about loading one. */
function failedDataset(error: LabError, suite: string): string | null {
  if (error.cancelled) return null;
  if (error.stage === 'data') return error.where ?? suite;
  // C4 calibration text is loaded as the first compressed point is calibrated.
  if (error.stage === 'calibrate' && error.where === 'c4') return 'c4';
  return null;
}

function sourceTried(config: LabRunInput, suite: string): string {
  if (suite === 'kickworld') return 'the built-in KICK-world suite (public/kickworld/suite.json)';
  return config.tasks.data === 'hub' ? 'the Hugging Face datasets API (--data hub)' : `the copy built into the app (${BUILTIN_DIR}, --data builtin)`;
}

function remedy(config: LabRunInput, suite: string): string {
  if (suite === 'kickworld') return 'restore public/kickworld from the repository (git checkout -- public/kickworld)';
  if (config.tasks.data === 'hub') return 'to use the copy built into the app instead, run again with --data builtin (the default); only TriviaQA\'s open-book evidence needs the hub';
  return `restore the built-in copy (git checkout -- ${BUILTIN_DIR}, or npx tsx tools/datasets/copy-datasets.ts) and run again with --data builtin`;
}

/** One message per data set that could not be loaded, in the order they failed; empty when all loaded. */
export function datasetFailureMessages(errors: readonly LabError[], config: LabRunInput): string[] {
  const suite = config.tasks.suite ?? (config.model.kind === 'builtin' ? 'kickworld' : 'kick');
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const error of errors) {
    const dataset = failedDataset(error, suite);
    if (dataset === null || seen.has(dataset)) continue;
    seen.add(dataset);
    // The loaders' messages start with the data set's name already.
    const why = error.message.replace(/^calibration text could not be loaded: /, '').replace(new RegExp(`^data set "${dataset}": `), '');
    messages.push(`data set "${dataset}" could not be loaded from ${sourceTried(config, suite)}: ${why}; ${remedy(config, suite)}`);
  }
  return messages;
}
