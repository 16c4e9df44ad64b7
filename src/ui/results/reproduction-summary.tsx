import type { ReproductionReport } from '../../state/reproduce.ts';
import './teach.css';

/** How the re-run went: green when every number was reproduced, red when any was not. */
export function ReproductionSummary({ report }: { report: ReproductionReport }) {
  const total = report.items.length;
  const outcome = report.notReproduced > 0 ? 'bad' : report.notRun > 0 ? 'partial' : 'good';
  return (
    <div className={`kt-outcome kt-outcome--${outcome}`} data-testid="reproduction-summary" data-outcome={outcome} role="status">
      <strong>
        {outcome === 'good' ? '\u2713 ' : outcome === 'bad' ? '\u2717 ' : ''}Reproduced {report.reproduced} of {total} numbers
      </strong>
      {report.notReproduced > 0 && <>, {report.notReproduced} not reproduced</>}
      {report.notRun > 0 && <>, {report.notRun} not re-run</>}. <span className="kr-muted">{report.rule}</span>
    </div>
  );
}
