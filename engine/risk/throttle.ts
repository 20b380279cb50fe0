import { invalidArgument } from '../core/errors';
import { RingBuffer } from '../signal/ring-buffer';
import { requireFinite, requireInt, requirePositive } from '../signal/validate';

/**
 * Sliding-window order-rate limit: at most `maxOrders` admissions in any window
 * (t − windowUs, t].
 *
 * Only the times of the last `maxOrders` admissions matter: a new order at t is admitted iff
 * fewer than `maxOrders` were admitted so far, or the oldest of the last `maxOrders` is at or
 * before t − windowUs (then it has left every window that contains t). O(1), no allocation.
 */
export class OrderRateThrottle {
  private readonly admitted: RingBuffer;
  private readonly windowUs: number;
  private lastTsUs = -Infinity;

  /**
   * @param maxOrders admissions per window (integer ≥ 1).
   * @param windowUs window length, µs (> 0).
   */
  constructor(maxOrders: number, windowUs: number) {
    this.admitted = new RingBuffer(requireInt('maxOrders', maxOrders, 1));
    this.windowUs = requirePositive('windowUs', windowUs);
  }

  /** Would an order at `tsUs` be admitted? Does not consume a slot. */
  canAcquire(tsUs: number): boolean {
    return !this.admitted.full || this.admitted.get(0) <= tsUs - this.windowUs;
  }

  /**
   * Admits an order at `tsUs` (µs since the epoch, non-decreasing) if the window has room,
   * consuming a slot; returns whether it was admitted.
   */
  tryAcquire(tsUs: number): boolean {
    requireFinite('tsUs', tsUs);
    if (tsUs < this.lastTsUs) invalidArgument('tsUs', tsUs, `>= the previous ${this.lastTsUs}`);
    this.lastTsUs = tsUs;
    if (!this.canAcquire(tsUs)) return false;
    this.admitted.push(tsUs);
    return true;
  }

  /** Admissions in the window ending at `tsUs`. */
  countInWindow(tsUs: number): number {
    let c = 0;
    for (let i = 0; i < this.admitted.size; i++) if (this.admitted.get(i) > tsUs - this.windowUs) c++;
    return c;
  }

  reset(): void {
    this.admitted.clear();
    this.lastTsUs = -Infinity;
  }
}
