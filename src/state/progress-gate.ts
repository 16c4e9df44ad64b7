// Progress arrives once per example from the worker; the page only needs a few updates a second.
// A new point or stage passes at once (so every stage shows), further updates of the same stage at
// most every `intervalMs`, the latest winning, so the last one is never lost.
import type { LabProgress } from '../worker/lab-protocol.ts';

export class ProgressGate {
  private last: LabProgress | null = null;
  private lastAt = -Infinity;
  private pending: { progress: LabProgress; apply: (p: LabProgress) => void } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly intervalMs = 150,
    private readonly now: () => number = () => performance.now(),
  ) {}

  offer(progress: LabProgress, apply: (p: LabProgress) => void): void {
    const changed = !this.last || this.last.point !== progress.point || this.last.stage !== progress.stage;
    const due = this.now() - this.lastAt >= this.intervalMs;
    if (changed || due) {
      this.flushNow(progress, apply);
      return;
    }
    this.pending = { progress, apply };
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs - (this.now() - this.lastAt));
  }

  /** Delivers a held update now (the run ended, or the next point arrived). */
  flush(): void {
    const held = this.pending;
    if (held) this.flushNow(held.progress, held.apply);
    else this.clearTimer();
  }

  private flushNow(progress: LabProgress, apply: (p: LabProgress) => void): void {
    this.clearTimer();
    this.pending = null;
    this.last = progress;
    this.lastAt = this.now();
    apply(progress);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
