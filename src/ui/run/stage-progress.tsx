import type { StageState } from '../../state/run-store.ts';
import type { LabStage } from '../../worker/lab-protocol.ts';

const STAGE_LABELS: Record<LabStage, string> = {
  download: 'Download',
  index: 'Index weights',
  data: 'Task data',
  load: 'Load session',
  calibrate: 'Calibrate',
  compress: 'Compress layer by layer',
  evaluate: 'Evaluate task by task',
};

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '…';
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The stages of the point in progress, each with its percent, what it works on, and time left. */
export function StageProgress({ label, stages }: { label: string; stages: StageState[] }) {
  return (
    <section className="lr-stages" aria-label={`Progress of ${label}`} data-testid="stage-progress">
      <h3>
        Now: <span data-testid="current-point">{label}</span>
      </h3>
      <ol>
        {stages.map((s) => (
          <li key={s.stage} data-testid={`stage-${s.stage}`} className={s.percent >= 100 ? 'lr-done' : 'lr-active'}>
            <span className="lr-stage-name">{STAGE_LABELS[s.stage]}</span>
            <progress max={100} value={Math.min(100, Math.max(0, s.percent))} aria-label={`${STAGE_LABELS[s.stage]} progress`} />
            <span className="lr-pct">{Math.round(s.percent)}%</span>
            <span className="lr-detail">{s.percent >= 100 ? 'done' : s.detail}</span>
            <span className="lr-eta">{s.percent >= 100 ? '' : s.etaMs === null ? '' : `about ${formatDuration(s.etaMs)} left`}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
