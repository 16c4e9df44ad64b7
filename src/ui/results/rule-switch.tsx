import type { Rule } from '../../state/derive.ts';

const LONG = { kick: 'kick (reference rule, bugs included)', strict: 'strict (bugs fixed)' } as const;

/**
 * kick = the reference implementation's rule, bugs included; strict = the bugs fixed. Compact
 * (in a toolbar) names the two rules by one word each and tells the rest on hover.
 */
export function RuleSwitch({ rule, onChange, compact = false }: { rule: Rule; onChange: (rule: Rule) => void; compact?: boolean }) {
  return (
    <fieldset className="kr-rule" data-testid="rule-switch">
      <legend>Scoring rule</legend>
      {(['kick', 'strict'] as const).map((r) => (
        <label key={r} title={compact ? LONG[r] : undefined}>
          <input type="radio" name="kr-rule" value={r} checked={rule === r} onChange={() => onChange(r)} data-testid={`rule-${r}`} aria-label={compact ? LONG[r] : undefined} />{' '}
          {compact ? r : LONG[r]}
        </label>
      ))}
    </fieldset>
  );
}
