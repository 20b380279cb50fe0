import { US_PER_S } from '../core/brand';
import { invalidArgument } from '../core/errors';
import { CompensatedSum } from './compensated-sum';
import { requireFinite, requireInt, requireNonNegative, requirePositive } from './validate';

const US_PER_HOUR = 3600 * US_PER_S;
const US_PER_DAY = 24 * US_PER_HOUR;
/** Initial capacity of the rolling window; it doubles as needed and never shrinks. */
const INITIAL_CAPACITY = 64;

/**
 * Volume-weighted average price over a rolling time window (tsUs − windowUs, tsUs], where
 * tsUs is that of the latest trade.
 *
 * The number of trades per window is unbounded (a burst can put 10⁵ trades in a second), so
 * trades sit in a ring of (time, price·size, size) triples in one `Float64Array` (a trade
 * in one cache line, not three) that doubles when full: allocation happens only while the
 * window grows past its largest size so far, never in steady state. Each update
 * evicts expired trades from the head (each trade is evicted once: O(1) amortized). The
 * compensated (Neumaier) sums are rebuilt from the window whenever as many trades have been
 * pushed as the window holds, which costs O(1) amortized and bounds add/subtract drift. The
 * sums are kept in plain fields (the arithmetic of `CompensatedSum`, inlined: this is a hot
 * path of replay).
 */
export class RollingVwap {
  private readonly windowUs: number;
  /** The window, a ring of `cap` (time µs, price·size, size) triples: `count` from `head`. */
  private ring = new Float64Array(3 * INITIAL_CAPACITY);
  private cap = INITIAL_CAPACITY;
  private head = 0;
  private count = 0;
  /** Σ price·size and its compensation. */
  private pvSum = 0;
  private pvComp = 0;
  /** Σ size and its compensation. */
  private vSum = 0;
  private vComp = 0;
  private sinceRebuild = 0;
  private lastTsUs = -Infinity;

  /** @param windowUs window length, µs (> 0). */
  constructor(windowUs: number) {
    this.windowUs = requirePositive('windowUs', windowUs);
  }

  /** Trades currently in the window. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds a trade and returns the window VWAP in the unit of `price`; NaN when the window's
   * volume is 0.
   * @param tsUs trade time, µs since the epoch (non-decreasing across calls).
   * @param price trade price (finite).
   * @param size trade size, base units (finite, ≥ 0).
   */
  update(tsUs: number, price: number, size: number): number {
    // One test for the common case; the checks that throw the precise error only if it fails.
    if (!(
      tsUs - tsUs === 0 &&
      price - price === 0 &&
      size >= 0 &&
      size < Infinity &&
      tsUs >= this.lastTsUs
    )) {
      this.reject(tsUs, price, size);
    }
    this.lastTsUs = tsUs;
    if (this.count > 0 && (this.ring[3 * this.head] as number) <= tsUs - this.windowUs) this.evictExpired();
    if (this.count === this.cap) this.grow();
    const cap = this.cap;
    let at = this.head + this.count;
    if (at >= cap) at -= cap;
    const p = price * size;
    const ring = this.ring;
    ring[3 * at] = tsUs;
    ring[3 * at + 1] = p;
    ring[3 * at + 2] = size;
    this.count++;
    this.addPv(p);
    this.addV(size);
    if (++this.sinceRebuild >= this.count) this.rebuild();
    const v = this.vSum + this.vComp;
    return v > 0 ? (this.pvSum + this.pvComp) / v : Number.NaN;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.resetSums();
    this.sinceRebuild = 0;
    this.lastTsUs = -Infinity;
  }

  private addPv(x: number): void {
    const sum = this.pvSum;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) this.pvComp += sum - t + x;
    else this.pvComp += x - t + sum;
    this.pvSum = t;
  }

  private addV(x: number): void {
    const sum = this.vSum;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) this.vComp += sum - t + x;
    else this.vComp += x - t + sum;
    this.vSum = t;
  }

  private resetSums(): void {
    this.pvSum = 0;
    this.pvComp = 0;
    this.vSum = 0;
    this.vComp = 0;
  }

  /** Throws the error of the first invalid argument of `update`. */
  private reject(tsUs: number, price: number, size: number): void {
    requireFinite('tsUs', tsUs);
    requireFinite('price', price);
    requireNonNegative('size', size);
    invalidArgument('tsUs', tsUs, `>= the previous ${this.lastTsUs}`);
  }

  /**
   * Drops the trades that left the window, ts ≤ last time − window (it is open on the left).
   * No number argument on purpose: this call is often not inlined, and a double passed to a
   * call is boxed in a fresh heap number.
   */
  private evictExpired(): void {
    const cutoffUs = this.lastTsUs - this.windowUs;
    const cap = this.cap;
    const ring = this.ring;
    while (this.count > 0 && (ring[3 * this.head] as number) <= cutoffUs) {
      this.addPv(-(ring[3 * this.head + 1] as number));
      this.addV(-(ring[3 * this.head + 2] as number));
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.count--;
    }
    if (this.count === 0) {
      // An empty window has sums of exactly 0: drop any rounding residue.
      this.head = 0;
      this.resetSums();
      this.sinceRebuild = 0;
    }
  }

  private grow(): void {
    const cap = this.cap;
    const ring = new Float64Array(6 * cap);
    // The ring is full: [head, cap) then [0, head), oldest first.
    const h = this.head;
    ring.set(this.ring.subarray(3 * h));
    ring.set(this.ring.subarray(0, 3 * h), 3 * (cap - h));
    this.ring = ring;
    this.cap = 2 * cap;
    this.head = 0;
  }

  private rebuild(): void {
    this.sinceRebuild = 0;
    this.resetSums();
    const cap = this.cap;
    const ring = this.ring;
    let j = this.head;
    for (let i = 0; i < this.count; i++) {
      this.addPv(ring[3 * j + 1] as number);
      this.addV(ring[3 * j + 2] as number);
      j = j + 1 === cap ? 0 : j + 1;
    }
  }
}

/**
 * VWAP since the start of the current session, sessions starting every UTC day at
 * `sessionStartUtcHour`:00 (0 = midnight UTC, the usual crypto "daily" boundary). O(1), no
 * window to keep: the sums simply restart at each boundary.
 */
export class SessionVwap {
  private readonly offsetUs: number;
  private session = Number.NaN;
  private readonly sumPv = new CompensatedSum();
  private readonly sumV = new CompensatedSum();

  /** @param sessionStartUtcHour hour of day, UTC, at which sessions start (integer 0–23). */
  constructor(sessionStartUtcHour = 0) {
    requireInt('sessionStartUtcHour', sessionStartUtcHour, 0);
    if (sessionStartUtcHour > 23)
      invalidArgument('sessionStartUtcHour', sessionStartUtcHour, 'an integer 0-23');
    this.offsetUs = sessionStartUtcHour * US_PER_HOUR;
  }

  /**
   * Adds a trade and returns the session VWAP in the unit of `price`; NaN while the session's
   * volume is 0.
   * @param tsUs trade time, µs since the epoch.
   * @param price trade price (finite).
   * @param size trade size, base units (finite, ≥ 0).
   */
  update(tsUs: number, price: number, size: number): number {
    requireFinite('tsUs', tsUs);
    requireFinite('price', price);
    requireNonNegative('size', size);
    const session = Math.floor((tsUs - this.offsetUs) / US_PER_DAY);
    if (session !== this.session) {
      this.session = session;
      this.sumPv.reset();
      this.sumV.reset();
    }
    this.sumPv.add(price * size);
    this.sumV.add(size);
    const v = this.sumV.value;
    return v > 0 ? this.sumPv.value / v : Number.NaN;
  }

  /** Start of the current session, µs since the epoch; NaN before the first trade. */
  get sessionStartUs(): number {
    return this.session * US_PER_DAY + this.offsetUs;
  }

  reset(): void {
    this.session = Number.NaN;
    this.sumPv.reset();
    this.sumV.reset();
  }
}
