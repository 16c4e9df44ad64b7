import { useEffect, useState } from 'react';

/**
 * 0 on the first render, then one more per macrotask up to `last`. A chart's first mount builds
 * its whole store (axes, scales, every series, the tooltip) in one task; mounted in stages it
 * becomes a few short tasks instead of one that freezes the page while a sweep runs.
 */
export function useMountStages(last: number): number {
  const [stage, setStage] = useState(0);
  useEffect(() => {
    if (stage >= last) return;
    const id = setTimeout(() => setStage((s) => s + 1), 0);
    return () => clearTimeout(id);
  }, [stage, last]);
  return stage;
}
