import { useId } from 'react';
import { usePlayground } from '../../state/playground-store.ts';
import type { MethodInfo } from '../../worker/playground-protocol.ts';

const PATTERNS = ['unstructured', '2:4', '4:8', '1:2'];

/** The inputs for the parameters the chosen method(s) read, and nothing else. */
export function ParamFields({ methods }: { methods: MethodInfo[] }) {
  const { params, setParams } = usePlayground();
  const id = useId();
  const used = new Set(methods.flatMap((m) => m.params));
  const pattern = !params.pattern || params.pattern === 'unstructured' ? 'unstructured' : `${params.pattern.n}:${params.pattern.m}`;
  return (
    <>
      {used.has('pattern') && (
        <>
          <label htmlFor={`${id}-pattern`}>Pattern</label>
          <select
            id={`${id}-pattern`}
            value={pattern}
            onChange={(e) => {
              const [n, m] = e.target.value.split(':').map(Number);
              setParams({ pattern: e.target.value === 'unstructured' ? 'unstructured' : { n, m } });
            }}
          >
            {PATTERNS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </>
      )}
      {used.has('sparsity') && pattern === 'unstructured' && (
        <>
          <label htmlFor={`${id}-sparsity`}>Sparsity {Math.round((params.sparsity ?? 0) * 100)}%</label>
          <input id={`${id}-sparsity`} type="range" min={0} max={0.95} step={0.05} value={params.sparsity ?? 0.5} onChange={(e) => setParams({ sparsity: Number(e.target.value) })} />
        </>
      )}
      {used.has('bits') && (
        <>
          <label htmlFor={`${id}-bits`}>Bits</label>
          <select id={`${id}-bits`} value={params.bits} onChange={(e) => setParams({ bits: Number(e.target.value) })}>
            {[2, 3, 4, 5, 6, 7, 8].map((b) => (
              <option key={b} value={b}>{b}</option>
            ))}
          </select>
        </>
      )}
      {used.has('group') && (
        <>
          <label htmlFor={`${id}-group`}>Group size</label>
          <select id={`${id}-group`} value={params.group} onChange={(e) => setParams({ group: Number(e.target.value) })}>
            {[32, 64, 128, -1].map((g) => (
              <option key={g} value={g}>{g === -1 ? 'per output channel' : g}</option>
            ))}
          </select>
        </>
      )}
      {used.has('sym') && (
        <label className="check">
          <input type="checkbox" checked={params.sym ?? false} onChange={(e) => setParams({ sym: e.target.checked })} /> symmetric grid
        </label>
      )}
      {used.has('actOrder') && (
        <label className="check">
          <input type="checkbox" checked={params.actOrder ?? false} onChange={(e) => setParams({ actOrder: e.target.checked })} /> act-order
        </label>
      )}
      {used.has('clip') && (
        <label className="check">
          <input type="checkbox" checked={params.clip ?? false} onChange={(e) => setParams({ clip: e.target.checked })} /> search clipping ranges
        </label>
      )}
      {used.has('threshold') && (
        <>
          <label htmlFor={`${id}-threshold`}>Outlier threshold</label>
          <input id={`${id}-threshold`} type="number" min={0.5} step={0.5} value={params.threshold ?? 6} onChange={(e) => setParams({ threshold: Number(e.target.value) })} />
        </>
      )}
    </>
  );
}
