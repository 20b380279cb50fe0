/** Alert thresholds of the kernel monitor. */
export interface MonitorThresholds {
  /** p99 processing latency of one event by one processor, ms (default 100). */
  readonly latencyP99Ms: number;
  /** Events received from the source but not processed yet (default 10 000). */
  readonly lagEvents: number;
  /** Errors / events of one processor, as a fraction (default 0.001 = 0.1 %). */
  readonly errorRate: number;
  /** Memory in use / memory available, as a fraction (default 0.8 = 80 %). */
  readonly memoryFraction: number;
}

export const DEFAULT_THRESHOLDS: MonitorThresholds = {
  latencyP99Ms: 100,
  lagEvents: 10_000,
  errorRate: 0.001,
  memoryFraction: 0.8,
};
