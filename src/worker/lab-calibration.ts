// The calibration windows of a lab run: whether any point needs them, the text they are cut from,
// and the windows themselves, tokenized by the dense model's session.
import { recipeNeeds, resolveRecipe } from '../compress/registry.ts';
import { calibrationSet, type CalibrationSet } from '../model/calibrate/calibration-text.ts';
import type { ModelSession } from '../model/evaluate/model-session.ts';
import { loadC4 } from '../tasks/datasets/loaders.ts';
import { kickworldCalibrationText } from './builtin-calibration.ts';
import type { LabRunConfig } from './lab-protocol.ts';
import { StageError, type LabEnvironment } from './lab-run-context.ts';

/** A method that reads activation statistics, or the OWL schedule (which ranks layers by them). */
export function needsCalibration(config: Pick<LabRunConfig, 'points'>): boolean {
  return config.points.some((p) => recipeNeeds(resolveRecipe(p.spec)).length > 0 || p.schedule === 'owl');
}

/** `tasks.data` picks where the C4 sample comes from (built in by default: a run without tasks has none). */
export async function calibrationText(config: Pick<LabRunConfig, 'calibration'> & { tasks?: Pick<LabRunConfig['tasks'], 'data'> }, env: LabEnvironment): Promise<string> {
  const c = config.calibration;
  if (c.source === 'text') return c.text ?? '';
  if (c.source === 'builtin') return kickworldCalibrationText();
  try {
    return (await loadC4(env.datasets[config.tasks?.data ?? 'builtin'])).data.join('\n\n');
  } catch (error) {
    throw new StageError('calibrate', 'c4', `calibration text could not be loaded: ${(error as Error).message}`);
  }
}

export function calibrationWindows(config: Pick<LabRunConfig, 'calibration'>, session: ModelSession, text: string): CalibrationSet {
  const c = config.calibration;
  const tokenizer = { encode: (t: string) => session.tokenizer.encode(t) };
  const contextLength = Number(session.config.max_position_embeddings ?? session.config.n_positions ?? c.seqlen);
  return calibrationSet(text, tokenizer, { nsamples: c.nsamples, seqlen: c.seqlen, contextLength, seed: c.seed });
}
