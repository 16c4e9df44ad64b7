import type { Rule } from '../../state/derive.ts';

/** kick = the reference implementation's rule, bugs included; strict = the bugs fixed. */
export function RuleSwitch({ rule, onChange }: { rule: Rule; onChange: (rule: Rule) => void }) {
  return (
    <fieldset className="kr-rule" data-testid="rule-switch">
      <legend>Scoring rule</legend>
      <label>
        <input type="radio" name="kr-rule" value="kick" checked={rule === 'kick'} onChange={() => onChange('kick')} data-testid="rule-kick" /> kick (reference rule, bugs
        included)
      </label>
      <label>
        <input type="radio" name="kr-rule" value="strict" checked={rule === 'strict'} onChange={() => onChange('strict')} data-testid="rule-strict" /> strict (bugs
        fixed)
      </label>
    </fieldset>
  );
}
