/** Percent and ETA of a stage from the time it has taken so far. */
export class ProgressClock {
  private start = performance.now();

  restart(): void {
    this.start = performance.now();
  }

  /** Milliseconds left at `percent` done, extrapolated linearly; null before there is a basis. */
  eta(percent: number): number | null {
    if (percent <= 0 || percent >= 100) return percent >= 100 ? 0 : null;
    const elapsed = performance.now() - this.start;
    return elapsed < 200 ? null : (elapsed * (100 - percent)) / percent;
  }
}
