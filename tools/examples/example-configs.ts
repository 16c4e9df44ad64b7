// What each example sweep under public/examples/ is: the sweep the lab would run from its setup.
// The recorder runs them; the examples test checks the files against them.
import { EXAMPLE_SWEEPS, type ExampleSweep } from '../../src/state/examples.ts';
import { paperPresetConfig } from '../../src/state/setup-store.ts';
import type { SweepConfig } from '../../src/state/sweep.ts';

/** Examples per task: fewer than the preset's 100, which keeps each file a few hundred kB (and its intervals wide, as the page says). */
export const EXAMPLE_SAMPLES = 20;

export interface ExampleDefinition {
  example: ExampleSweep;
  /** The sweep's id and name in the file (and in the history, once saved there). */
  sweepId: string;
  name: string;
  config: SweepConfig;
}

function example(id: ExampleSweep['id']): ExampleSweep {
  const found = EXAMPLE_SWEEPS.find((e) => e.id === id);
  if (!found) throw new Error(`no example "${id}" in src/state/examples.ts`);
  return found;
}

/** The Lab page's "Show the paper's finding" preset, as it runs: magnitude vs wanda at 0/30/50/70%. */
function paperFinding(): ExampleDefinition {
  return { example: example('paper'), sweepId: 'example-paper-finding', name: 'kick-tiny: magnitude vs wanda', config: paperPresetConfig(EXAMPLE_SAMPLES) };
}

/**
 * The quantizers at 8, 4 and 3 bits (groups of 128, asymmetric; the methods' defaults, written
 * out) beside wanda at 2:4, on the preset's tasks and calibration. Not 4-choice (mcr): its limit
 * counts per subject, six subjects of 5-shot prompts, which makes the file over 1 MB.
 */
function quant(): ExampleDefinition {
  const preset = paperPresetConfig(EXAMPLE_SAMPLES);
  return {
    example: example('quant'),
    sweepId: 'example-quant',
    name: 'kick-tiny: rtn vs gptq, wanda 2:4',
    config: {
      ...preset,
      methods: [
        { id: 'rtn', params: { group: 128, sym: false } },
        { id: 'gptq', params: { group: 128, sym: false, damp: 0.01 } },
        { id: 'wanda', params: {} },
      ],
      sparsities: [0],
      patterns: ['2:4'],
      bits: [8, 4, 3],
    },
  };
}

export function exampleDefinitions(): ExampleDefinition[] {
  return [paperFinding(), quant()];
}
