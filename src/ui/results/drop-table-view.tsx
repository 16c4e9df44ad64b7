import { dropTable, formatNumber, TASK_LABELS, type Rule } from '../../state/derive.ts';
import { reproductionOf, type ReproductionReport } from '../../state/reproduce.ts';
import type { Sweep } from '../../state/sweep.ts';
import { ReproducedMark } from './reproduced-mark.tsx';

interface Props {
  sweep: Sweep;
  rule: Rule;
  reproduction?: ReproductionReport | null;
  testId?: string;
}

function signed(v: number | null, digits = 2): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return `${v > 0 ? '+' : ''}${v.toFixed(digits)}`;
}

/** Per point and task: score, drop from dense in points and percent, matching within 5%. */
export function DropTableView({ sweep, rule, reproduction = null, testId = 'drop-table' }: Props) {
  const t = dropTable(sweep, rule);
  const withMarks = reproduction !== null;
  return (
    <div className="kr-drop" data-testid={testId}>
      <div className="kr-scroll">
        <table className="kr-table">
          <caption>
            Drop from dense ({rule} rule). Matching = no more than 5% below dense, relative.
          </caption>
          <thead>
            <tr>
              <th scope="col">compressed</th>
              <th scope="col" className="kr-left">task</th>
              <th scope="col">score</th>
              <th scope="col">dense</th>
              <th scope="col">drop (points)</th>
              <th scope="col">drop (%)</th>
              <th scope="col">matching</th>
              {withMarks && <th scope="col">reproduced</th>}
            </tr>
          </thead>
          <tbody>
            {t.rows.map((r) => (
              <tr key={`${r.pointKey}/${r.task}`} data-testid="drop-row" data-point={r.pointKey} data-task={r.task} className={r.matching === false ? 'kr-miss' : undefined}>
                <th scope="row">{r.label}</th>
                <td className="kr-left">{TASK_LABELS[r.task]}</td>
                <td data-col="score">{formatNumber(r.score)}</td>
                <td data-col="dense">{formatNumber(r.dense)}</td>
                <td data-col="drop-points">{formatNumber(r.dropPoints)}</td>
                <td data-col="drop-percent">{formatNumber(r.dropPercent, 1)}</td>
                <td data-col="matching">{r.matching === null ? '—' : r.matching ? 'yes' : 'no'}</td>
                {withMarks && (
                  <td data-col="reproduced">
                    <ReproducedMark item={reproductionOf(reproduction, r.pointKey, r.task, rule)} task={r.task} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {t.perplexity.some((p) => p.value !== null) && (
        <div className="kr-scroll">
          <table className="kr-table" data-testid={`${testId}-perplexity`}>
            <caption>Perplexity (lower is better)</caption>
            <thead>
              <tr>
                <th scope="col">compressed</th>
                <th scope="col">perplexity</th>
                <th scope="col">dense</th>
                <th scope="col">change (%)</th>
                {withMarks && <th scope="col">reproduced</th>}
              </tr>
            </thead>
            <tbody>
              {t.perplexity.map((p) => (
                <tr key={p.pointKey} data-testid="ppl-row" data-point={p.pointKey}>
                  <th scope="row">{p.label}</th>
                  <td data-col="perplexity">{formatNumber(p.value)}</td>
                  <td data-col="dense">{formatNumber(p.dense)}</td>
                  <td data-col="change">{signed(p.changePercent, 1)}</td>
                  {withMarks && (
                    <td data-col="reproduced">
                      <ReproducedMark item={reproductionOf(reproduction, p.pointKey, 'perplexity', rule)} task="perplexity" />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
