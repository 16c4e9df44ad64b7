import type { RunPhase } from '../../state/run-store.ts';

const PHASE_TEXT: Record<RunPhase, string> = {
  idle: 'No run yet.',
  starting: 'Starting…',
  running: 'Running',
  cancelling: 'Cancelling: stopping after the current step…',
  finished: 'Finished',
  cancelled: 'Cancelled',
  failed: 'Stopped with errors',
};

/** The phase in words; an ended run says what it kept only when it kept something. */
export function phaseText(phase: RunPhase, finishedPoints: number): string {
  if (phase !== 'cancelled' && phase !== 'failed') return PHASE_TEXT[phase];
  if (finishedPoints === 0) return `${PHASE_TEXT[phase]}: no point had finished, so nothing is kept.`;
  return `${PHASE_TEXT[phase]}: the ${finishedPoints === 1 ? 'finished point is' : `${finishedPoints} finished points are`} kept.`;
}
