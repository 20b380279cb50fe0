/**
 * Wall time and sleeping, injected into the replay controller: the pure engine has no ambient
 * time. The Node implementation (performance.now + setTimeout) lives under a node/ folder;
 * tests use a fake one.
 */
export interface Pacer {
  /** Monotonic wall time, ms (fractional). */
  nowMs(): number;
  /** Resolves after about `ms` milliseconds (0: let other tasks run). */
  sleep(ms: number): Promise<void>;
}
