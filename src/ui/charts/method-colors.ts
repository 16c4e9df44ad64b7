// One colour per compression method, the same in every chart, legend, run and comparison: the
// colour comes from the method's id, never from the order in which a sweep lists its methods.

/** The registry's methods (src/compress/registry.ts), each with a colour of its own. */
const KNOWN: Record<string, string> = {
  magnitude: '#1d3557',
  wanda: '#e63946',
  sparsegpt: '#2a9d8f',
  rtn: '#d98a1c',
  gptq: '#6a4c93',
  awq: '#3a86ff',
  int8: '#8d6e63',
};

/** Combinations ("wanda+rtn") and ids this build does not know share these, picked by a hash of the id. */
const OTHERS = ['#0b7285', '#c2255c', '#5c940d', '#a0522d', '#364fc7', '#862e9c', '#495057', '#e8590c'];

export const DENSE_COLOR = '#111111';

/** FNV-1a: a stable small hash, so that an id maps to the same colour in every browser and session. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function methodColor(method: string): string {
  return KNOWN[method] ?? OTHERS[hash(method) % OTHERS.length];
}

/** Mixes a #rrggbb colour towards black (t < 0) or white (t > 0). */
function shade(hex: string, t: number): string {
  const target = t < 0 ? 0 : 255;
  const f = Math.abs(t);
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `#${channels.map((c) => Math.round(c + (target - c) * f).toString(16).padStart(2, '0')).join('')}`;
}

/** Shades that keep a variant (an N:M pattern, a bit width) recognisably its method's colour. */
const VARIANT_SHADES = [-0.35, 0.35, -0.55, 0.5];

/**
 * The colour of a curve, from its series key (src/state/derive.ts `seriesOf`: "wanda",
 * "wanda 2:4", "wanda+rtn 4-bit", "gptq|bits"): the method's colour, shaded for a variant.
 */
export function seriesColor(seriesKey: string): string {
  const [method, ...rest] = seriesKey.replace(/\|bits$/, '').split(' ');
  const base = methodColor(method);
  const variant = rest.join(' ');
  return variant ? shade(base, VARIANT_SHADES[hash(variant) % VARIANT_SHADES.length]) : base;
}
