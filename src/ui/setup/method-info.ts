// The methods' metadata for the pickers, asked of the playground worker (which holds the
// registry) so that no kernel enters the page's bundle.
import { useEffect, useState } from 'react';
import { playgroundWorker } from '../../state/playground-client.ts';
import type { MethodInfo } from '../../worker/playground-protocol.ts';

let cached: Promise<MethodInfo[]> | null = null;

export function useMethodInfo(): { methods: MethodInfo[] | null; error: string | null } {
  const [methods, setMethods] = useState<MethodInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    cached ??= playgroundWorker().methods();
    cached.then(
      (m) => live && setMethods(m),
      (e: unknown) => {
        cached = null;
        if (live) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return { methods, error };
}

/** Fixed parameters a sweep keeps per method; sparsity, pattern and bits are the sweep's axes. */
export const FIXED_PARAMS = ['group', 'sym', 'actOrder', 'damp', 'blocksize', 'clip', 'threshold'] as const;

export const PARAM_HELP: Record<string, string> = {
  group: 'inputs per quantization group (-1: one per row)',
  sym: 'symmetric grid around zero',
  actOrder: 'quantize columns in order of decreasing activation',
  damp: 'Hessian damping, fraction of mean diagonal',
  blocksize: 'columns per error-feedback block',
  clip: 'also search clipping ranges',
  threshold: 'activation magnitude kept in full precision',
};
