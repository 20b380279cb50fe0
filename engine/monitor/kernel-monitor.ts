import type { AlertEvent } from '../bus/bus-events';
import type { SignalBus } from '../bus/signal-bus';
import { LogHistogram } from './log-histogram';
import { DEFAULT_THRESHOLDS, type MonitorThresholds } from './thresholds';

/** Injected measurements: the pure engine reads no ambient time or memory. */
export interface MonitorEnv {
  /** High-resolution monotonic time in ms (fractional), e.g. `performance.now`. */
  readonly hrNowMs?: () => number;
  /** Memory in use as a fraction of what is available (0..1), e.g. heapUsed / heap limit. */
  readonly memoryFraction?: () => number;
}

/** Per-processor health, as reported. Latencies in µs. */
export interface ProcessorHealth {
  readonly processor: string;
  readonly events: number;
  readonly errors: number;
  /** errors / events (0 when no events). */
  readonly errorRate: number;
  readonly lastError: string;
  /** Number of latency samples (events are sampled, see `latencySampleEvery`). */
  readonly latencySamples: number;
  readonly latencyP50Us: number;
  readonly latencyP99Us: number;
  readonly latencyMaxUs: number;
}

export interface MonitorReport {
  /** Events processed by the kernel. */
  readonly events: number;
  /** Events per second of wall time since the previous report (NaN without `hrNowMs`). */
  readonly eventsPerSec: number;
  /** Events received from the source but not processed yet. */
  readonly lagEvents: number;
  /** Memory fraction in use (NaN without `memoryFraction`). */
  readonly memoryFraction: number;
  readonly processors: readonly ProcessorHealth[];
  /** Alerts active now. */
  readonly activeAlerts: readonly string[];
}

/** Mutable statistics of one processor. The kernel writes them; nothing allocates per event. */
export class ProcessorStats {
  readonly label: string;
  readonly latencyUs = new LogHistogram();
  events = 0;
  errors = 0;
  lastError = '';

  constructor(label: string) {
    this.label = label;
  }

  health(): ProcessorHealth {
    return {
      processor: this.label,
      events: this.events,
      errors: this.errors,
      errorRate: this.events > 0 ? this.errors / this.events : 0,
      lastError: this.lastError,
      latencySamples: this.latencyUs.count,
      latencyP50Us: this.latencyUs.quantile(0.5),
      latencyP99Us: this.latencyUs.quantile(0.99),
      latencyMaxUs: this.latencyUs.max,
    };
  }
}

/**
 * The kernel's monitoring registry: per-processor latency (log-histogram p50/p99), errors and
 * error rate, kernel throughput, lag behind the source and memory. {@link KernelMonitor.check}
 * compares them with the thresholds and publishes `alert` bus events when a metric crosses its
 * threshold (active) or returns under it (cleared) — edge-triggered, so a sustained breach is
 * one alert, not one per check.
 */
export class KernelMonitor {
  readonly thresholds: MonitorThresholds;
  readonly processors: ProcessorStats[] = [];
  private readonly env: MonitorEnv;
  private lag = 0;
  private events = 0;
  private lastRateEvents = 0;
  private lastRateMs = NaN;
  private rate = NaN;
  private readonly active = new Map<string, boolean>();

  constructor(thresholds: Partial<MonitorThresholds> = {}, env: MonitorEnv = {}) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
    this.env = env;
  }

  /** Whether latencies can be measured (a high-resolution clock was injected). */
  get canTime(): boolean {
    return this.env.hrNowMs !== undefined;
  }

  /** High-resolution time in ms, NaN without an injected clock. */
  nowMs(): number {
    return this.env.hrNowMs?.() ?? NaN;
  }

  register(label: string): ProcessorStats {
    const s = new ProcessorStats(label);
    this.processors.push(s);
    return s;
  }

  /** Events received but not yet processed (set by whoever feeds the kernel). */
  setLag(events: number): void {
    this.lag = events;
  }

  /** Total events processed (set by the kernel). */
  setEvents(events: number): void {
    this.events = events;
  }

  /** Builds a report; the throughput covers the wall time since the previous report. */
  report(): MonitorReport {
    const now = this.nowMs();
    if (now === now) {
      if (this.lastRateMs === this.lastRateMs && now > this.lastRateMs) {
        this.rate = ((this.events - this.lastRateEvents) * 1000) / (now - this.lastRateMs);
      }
      this.lastRateMs = now;
      this.lastRateEvents = this.events;
    }
    const activeAlerts: string[] = [];
    for (const [key, on] of this.active) if (on) activeAlerts.push(key);
    return {
      events: this.events,
      eventsPerSec: this.rate,
      lagEvents: this.lag,
      memoryFraction: this.env.memoryFraction?.() ?? NaN,
      processors: this.processors.map((p) => p.health()),
      activeAlerts,
    };
  }

  /** Checks every threshold and publishes alert transitions on the bus. */
  check(simTsUs: number, bus: SignalBus): void {
    const t = this.thresholds;
    for (const p of this.processors) {
      const p99Ms = p.latencyUs.quantile(0.99) / 1000;
      this.edge(bus, simTsUs, 'latency-p99', p.label, p99Ms, t.latencyP99Ms);
      const rate = p.events > 0 ? p.errors / p.events : 0;
      this.edge(bus, simTsUs, 'error-rate', p.label, rate, t.errorRate);
    }
    this.edge(bus, simTsUs, 'lag', '', this.lag, t.lagEvents);
    const mem = this.env.memoryFraction?.() ?? NaN;
    this.edge(bus, simTsUs, 'memory', '', mem, t.memoryFraction);
  }

  private edge(
    bus: SignalBus,
    tsUs: number,
    metric: AlertEvent['metric'],
    processor: string,
    value: number,
    threshold: number,
  ): void {
    const key = processor === '' ? metric : `${metric}:${processor}`;
    const was = this.active.get(key) === true;
    const now = value > threshold; // NaN (not measured) is never above
    if (now === was) return;
    this.active.set(key, now);
    bus.publish({ type: 'alert', tsUs, metric, processor, value, threshold, active: now });
  }
}
