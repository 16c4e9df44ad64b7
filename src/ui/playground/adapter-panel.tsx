import { Fragment } from 'react';
import type { AdapterReport } from '../../worker/playground-protocol.ts';

const SHOWN_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupsPerDimension',
];

function bytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(0)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(0)} KiB`;
  return String(n);
}

/** A camel-case limit name with line-break opportunities between its words, for narrow panels. */
function camelBreaks(name: string) {
  return name.split(/(?=[A-Z])/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

export function AdapterPanel({ adapter }: { adapter: AdapterReport | null }) {
  if (!adapter) return <section className="panel" aria-busy="true">Looking for a WebGPU adapter…</section>;
  if (!adapter.ok) {
    return (
      <section className="panel warn" role="status" data-testid="adapter">
        <h2>WebGPU</h2>
        <p>{adapter.error}</p>
        <p>The playground still runs every method on the CPU twins.</p>
      </section>
    );
  }
  const { info } = adapter;
  return (
    <section className="panel" data-testid="adapter">
      <h2>WebGPU adapter</h2>
      <dl className="facts">
        <dt>Vendor</dt>
        <dd>{[info.vendor, info.architecture].filter(Boolean).join(' / ')}</dd>
        {info.description && (
          <>
            <dt>Device</dt>
            <dd>{info.description}</dd>
          </>
        )}
        <dt>Fallback adapter</dt>
        <dd data-testid="fallback">{info.isFallbackAdapter ? 'yes (software)' : 'no'}</dd>
        <dt>shader-f16</dt>
        <dd data-testid="f16">{info.shaderF16 ? 'yes' : 'no'}</dd>
        {SHOWN_LIMITS.map((key) => (
          <div key={key} className="fact-row">
            <dt>{camelBreaks(key)}</dt>
            <dd>{key.endsWith('Size') ? bytes(info.limits[key]) : info.limits[key]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
