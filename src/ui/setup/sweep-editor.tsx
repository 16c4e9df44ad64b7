import { pointLabel } from '../../state/derive.ts';
import { BIT_CHOICES, SPARSITY_CHOICES, useSetup } from '../../state/setup-store.ts';
import { NM_PATTERNS, type PointSpec, type SweepConfig } from '../../state/sweep.ts';

/** Sparsities, N:M patterns and bit widths; every chosen method runs at each level that applies. */
export function SweepEditor({ plan, config }: { plan: PointSpec[] | null; config: SweepConfig | null }) {
  const { sparsities, patterns, bits, toggleSparsity, togglePattern, toggleBits } = useSetup();
  return (
    <fieldset className="ls-fieldset" data-testid="sweep-editor">
      <legend>Sweep</legend>
      <div className="ls-row" role="group" aria-label="Unstructured sparsity">
        <span className="ls-rowlabel">Sparsity</span>
        <span className="ls-muted">0% (dense) always</span>
        {SPARSITY_CHOICES.map((s) => (
          <label key={s} className="ls-pill">
            <input type="checkbox" checked={sparsities.includes(s)} onChange={(e) => toggleSparsity(s, e.target.checked)} data-testid={`sparsity-${Math.round(s * 100)}`} />
            {Math.round(s * 100)}%
          </label>
        ))}
      </div>
      <div className="ls-row" role="group" aria-label="N:M patterns">
        <span className="ls-rowlabel">N:M</span>
        {NM_PATTERNS.map((p) => (
          <label key={p} className="ls-pill">
            <input type="checkbox" checked={patterns.includes(p)} onChange={(e) => togglePattern(p, e.target.checked)} data-testid={`pattern-${p}`} />
            {p}
          </label>
        ))}
      </div>
      <div className="ls-row" role="group" aria-label="Bit widths">
        <span className="ls-rowlabel">Bits</span>
        {BIT_CHOICES.map((b) => (
          <label key={b} className="ls-pill">
            <input type="checkbox" checked={bits.includes(b)} onChange={(e) => toggleBits(b, e.target.checked)} data-testid={`bits-${b}`} />
            {b}
          </label>
        ))}
      </div>
      {plan && (
        <details className="ls-plan">
          <summary data-testid="plan-count">
            {plan.length} points: dense and {plan.length - 1} compressed
          </summary>
          <ol>
            {plan.map((p) => (
              <li key={`${p.method}|${p.sparsity}|${p.pattern}|${p.bits}`}>{pointLabel(p, config)}</li>
            ))}
          </ol>
        </details>
      )}
    </fieldset>
  );
}
