import { Fragment } from 'react';
import { dropTable, formatNumber, TASK_LABELS, type DropRow, type PerplexityRow, type Rule, type ShownInterval } from '../../state/derive.ts';
import { reproductionOf, type ReproductionReport } from '../../state/reproduce.ts';
import { formatInterval, formatP, intervalDigits, TEST_NAMES, verdictText } from '../../state/stat-format.ts';
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
  const text = v.toFixed(digits);
  // A change that rounds to zero has no sign.
  if (Number(text) === 0) return (0).toFixed(digits);
  return `${v > 0 ? '+' : ''}${text}`;
}

/** A value and its interval as two cells (value right-aligned, interval beside it). */
function ValueCells({ col, value, interval, why, digits, ciDigits }: { col: string; value: number | null; interval: ShownInterval | null; why: string | null; digits?: number; ciDigits: number }) {
  return (
    <>
      <td data-col={col} className="kr-val" title={value === null ? (why ?? undefined) : undefined}>
        {formatNumber(value, digits)}
      </td>
      <td data-col={`${col}-ci`} className="kr-ci" title={interval ? `95% interval, n = ${interval.n}` : (why ?? undefined)}>
        {formatInterval(interval, ciDigits)}
      </td>
    </>
  );
}

const VERDICT_WHY = {
  matches: 'the 95% interval of the paired drop stays within 5% of dense',
  'does-not-match': 'the 95% interval of the paired drop lies wholly beyond 5% of dense',
  undecided: 'the 95% interval of the paired drop reaches both sides of 5% of dense: more examples are needed to tell',
} as const;

function VerdictCell({ row }: { row: DropRow | PerplexityRow }) {
  if (row.verdict === null || row.verdictBasis === null) {
    return (
      <td data-col="verdict" title={row.pairedWhy ?? 'no score to compare'}>
        —
      </td>
    );
  }
  const v = verdictText(row.verdict, row.verdictBasis, row.paired?.n ?? null);
  const title = row.verdictBasis === 'paired' ? VERDICT_WHY[row.verdict] : `no paired drop (${row.pairedWhy ?? 'unknown'}): the two scores are compared without their uncertainty`;
  return (
    <td data-col="verdict" className={`kr-verdict kr-verdict--${row.verdict}`} data-basis={row.verdictBasis} title={title}>
      <span className="kr-nowrap">{`${v.symbol} ${v.words}`}</span>
      {v.details.map((d) => (
        <Fragment key={d}>
          {' '}
          <span className="kr-nowrap">{d}</span>
        </Fragment>
      ))}
    </td>
  );
}

/** The paired drop (or change) with its interval and p-value: three cells. */
function PairedCells({ row, col, digits, ciDigits, fallback, sign = false }: { row: DropRow | PerplexityRow; col: string; digits: number; ciDigits: number; fallback: number | null; sign?: boolean }) {
  const p = row.paired;
  const show = (v: number | null) => (sign ? signed(v, digits) : formatNumber(v, digits));
  return (
    <>
      <td data-col={col} className="kr-val" title={p ? `paired on ${p.n} examples` : `point estimate only: ${row.pairedWhy ?? 'no paired drop'}`}>
        {show(p ? p.loss : fallback)}
      </td>
      <td data-col={`${col}-ci`} className="kr-ci" title={p ? '95% interval of the paired difference' : (row.pairedWhy ?? undefined)}>
        {formatInterval(p, ciDigits)}
      </td>
      <td data-col="p" title={p ? TEST_NAMES[p.test] : (row.pairedWhy ?? undefined)}>
        {p ? formatP(p.p) : '—'}
      </td>
    </>
  );
}

/** Per point and task: score, dense, the paired drop with its interval and p-value, and the verdict. */
export function DropTableView({ sweep, rule, reproduction = null, testId = 'drop-table' }: Props) {
  const t = dropTable(sweep, rule);
  const withMarks = reproduction !== null;
  return (
    <div className="kr-drop" data-testid={testId}>
      <p className="kr-muted kr-table-note">
        Paired drop = dense − compressed on the same examples, in points (a positive drop is a loss), with 95% intervals. Matches = the drop&rsquo;s interval stays within 5% of dense.
      </p>
      <div className="kr-scroll">
        <table className="kr-table">
          <caption>Drop from dense ({rule} rule)</caption>
          <thead>
            <tr>
              <th scope="col">compressed</th>
              <th scope="col" className="kr-left">
                task
              </th>
              <th scope="col" colSpan={2}>
                score [95%]
              </th>
              <th scope="col" colSpan={2}>
                dense [95%]
              </th>
              <th scope="col" colSpan={2}>
                paired drop (points) [95%]
              </th>
              <th scope="col">p</th>
              <th scope="col" className="kr-left">
                verdict
              </th>
              {withMarks && <th scope="col">reproduced</th>}
            </tr>
          </thead>
          <tbody>
            {t.rows.map((r) => {
              const digits = intervalDigits(r.unit);
              return (
                <tr key={`${r.pointKey}/${r.task}`} data-testid="drop-row" data-point={r.pointKey} data-task={r.task}>
                  <th scope="row">{r.label}</th>
                  <td className="kr-left">{TASK_LABELS[r.task]}</td>
                  <ValueCells col="score" value={r.score} interval={r.scoreInterval} why={r.scoreWhy} ciDigits={digits} />
                  <ValueCells col="dense" value={r.dense} interval={r.denseInterval} why={r.denseWhy} ciDigits={digits} />
                  <PairedCells row={r} col="drop-points" digits={2} ciDigits={digits} fallback={r.dropPoints} />
                  <VerdictCell row={r} />
                  {withMarks && (
                    <td data-col="reproduced">
                      <ReproducedMark item={reproductionOf(reproduction, r.pointKey, r.task, rule)} task={r.task} />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {t.perplexity.some((p) => p.value !== null) && (
        <>
          <p className="kr-muted kr-table-note">Perplexity, lower is better: the paired change is compressed − dense on the same text windows; matches = its interval stays within 5% above dense.</p>
          <div className="kr-scroll">
            <table className="kr-table" data-testid={`${testId}-perplexity`}>
              <caption>Perplexity ({rule} rule)</caption>
              <thead>
                <tr>
                  <th scope="col">compressed</th>
                  <th scope="col" colSpan={2}>
                    perplexity [95%]
                  </th>
                  <th scope="col" colSpan={2}>
                    dense [95%]
                  </th>
                  <th scope="col">change (%)</th>
                  <th scope="col" colSpan={2}>
                    paired change [95%]
                  </th>
                  <th scope="col">p</th>
                  <th scope="col" className="kr-left">
                    verdict
                  </th>
                  {withMarks && <th scope="col">reproduced</th>}
                </tr>
              </thead>
              <tbody>
                {t.perplexity.map((p) => (
                  <tr key={p.pointKey} data-testid="ppl-row" data-point={p.pointKey}>
                    <th scope="row">{p.label}</th>
                    <ValueCells col="perplexity" value={p.value} interval={p.interval} why={p.why} ciDigits={2} />
                    <ValueCells col="dense" value={p.dense} interval={p.denseInterval} why={p.denseWhy} ciDigits={2} />
                    <td data-col="change">{signed(p.changePercent, 1)}</td>
                    <PairedCells row={p} col="paired-change" digits={2} ciDigits={2} fallback={p.value !== null && p.dense !== null ? p.value - p.dense : null} sign />
                    <VerdictCell row={p} />
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
        </>
      )}
    </div>
  );
}
