// config.json against the graph it came with. Compression reads only the graph, and evaluation
// builds its inputs (past key/values, heads) from the config, so a config that belongs to another
// model would let every layer compress and then fail every task: refused before any of that.
import type { LinearRole, WeightIndex } from './index-weights.ts';

const GPT2_ROLES: ReadonlySet<LinearRole> = new Set(['c_attn', 'c_fc', 'c_proj']);
/** Roles that read the residual stream, so their input width is the hidden size. */
const HIDDEN_INPUT_ROLES: ReadonlySet<LinearRole> = new Set(['q', 'k', 'v', 'qkv', 'gate', 'up', 'gate_up', 'c_attn', 'c_fc']);

function numberField(config: Record<string, unknown>, keys: readonly string[]): { key: string; value: number } | null {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number') return { key, value };
  }
  return null;
}

/** Why config.json does not describe this graph, or null when it does. */
export function configGraphProblem(config: Record<string, unknown>, index: WeightIndex): string | null {
  const modelType = String(config.model_type);
  const roles = index.linears.filter((l) => l.role !== 'lm_head').map((l) => l.role);
  const gpt2Graph = roles.length > 0 && roles.every((r) => GPT2_ROLES.has(r));
  if ((modelType === 'gpt2') !== gpt2Graph) {
    const graphStyle = gpt2Graph ? 'GPT-2 style (c_attn, c_fc, c_proj)' : `${[...new Set(roles)].slice(0, 4).join(', ')} projections (a Llama-style decoder)`;
    return `config.json says model_type "${modelType}", but the graph's layers are ${graphStyle}: the config does not belong to this model`;
  }
  const layers = numberField(config, ['num_hidden_layers', 'n_layer']);
  if (layers && layers.value !== index.numLayers) {
    return `config.json says ${layers.key} = ${layers.value}, but the graph has ${index.numLayers} decoder layers: the config does not belong to this model`;
  }
  const hidden = numberField(config, ['hidden_size', 'n_embd']);
  const reader = index.linears.find((l) => HIDDEN_INPUT_ROLES.has(l.role));
  if (hidden && reader && reader.inFeatures !== hidden.value) {
    return `config.json says ${hidden.key} = ${hidden.value}, but ${reader.module} reads ${reader.inFeatures} inputs: the config does not belong to this model`;
  }
  return null;
}
