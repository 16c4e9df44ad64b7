import type { ReproductionReport } from '../../state/reproduce.ts';

export function ReproductionSummary({ report }: { report: ReproductionReport }) {
  const total = report.items.length;
  return (
    <div className={report.notReproduced ? 'kr-notice kr-bad-box' : 'kr-notice'} data-testid="reproduction-summary" role="status">
      <strong>
        Reproduced {report.reproduced} of {total} numbers
      </strong>
      {report.notReproduced > 0 && <>, {report.notReproduced} not reproduced</>}
      {report.notRun > 0 && <>, {report.notRun} not re-run</>}. <span className="kr-muted">{report.rule}</span>
    </div>
  );
}
