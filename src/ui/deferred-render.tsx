import { useEffect, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';

/**
 * Renders `children(value)` one macrotask after `value` changes. Several of these side by side each
 * render in their own task, so a grid of charts updates as a row of short tasks rather than one
 * long one that freezes the page.
 */
export function DeferredRender<T>({ value, children, placeholder = null }: { value: T; children: (value: T) => ReactNode; placeholder?: ReactNode }) {
  const [shown, setShown] = useState<{ value: T } | null>(null);
  useEffect(() => {
    // Rendered inside the timer's own task: timers that expire together would otherwise hand their
    // updates to one batched render, and the grid would update as one long task after all.
    const id = setTimeout(() => flushSync(() => setShown({ value })), 0);
    return () => clearTimeout(id);
  }, [value]);
  return shown === null ? placeholder : children(shown.value);
}
