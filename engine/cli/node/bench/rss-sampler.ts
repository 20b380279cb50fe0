/** Samples the process RSS every `everyMs` to report the peak (benchmarks only). */
export class RssSampler {
  private peak = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 50) {
    this.timer = setInterval(() => {
      this.sample();
    }, everyMs);
    this.timer.unref();
  }

  /** Takes a sample now and returns the current RSS in bytes. */
  sample(): number {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
    return rss;
  }

  /** Restarts the peak from the current RSS (to measure one phase) and returns that RSS, bytes. */
  resetPeak(): number {
    this.peak = process.memoryUsage().rss;
    return this.peak;
  }

  get peakBytes(): number {
    this.sample();
    return this.peak;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export const mb = (bytes: number): number => Math.round(bytes / (1024 * 1024));
