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
 * trades sit in a ring of parallel `Float64Array`s that doubles when full: allocation happens
 * only while the window grows past its largest size so far, never in steady state. Each update
 * evicts expired trades from the head (each trade is evicted once: O(1) amortized). The
 * compensated sums are rebuilt from the window whenever as many trades have been pushed as the
 * window holds, which costs O(1) amortized and bounds add/subtract drift.
 */
export class RollingVwap {
  private readonly windowUs: number;
  private ts = new Float64Array(INITIAL_CAPACITY);
  private pv = new Float64Array(INITIAL_CAPACITY);
  private vol = new Float64Array(INITIAL_CAPACITY);
  private head = 0;
  private count = 0;
  private readonly sumPv = new CompensatedSum();
  private readonly sumV = new CompensatedSum();
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
    requireFinite('tsUs', tsUs);
    requireFinite('price', price);
    requireNonNegative('size', size);
    if (tsUs < this.lastTsUs) invalidArgument('tsUs', tsUs, `>= the previous ${this.lastTsUs}`);
    this.lastTsUs = tsUs;
    this.evictUpTo(tsUs - this.windowUs);
    if (this.count === this.ts.length) this.grow();
    const cap = this.ts.length;
    const at = (this.head + this.count) % cap;
    this.ts[at] = tsUs;
    this.pv[at] = price * size;
    this.vol[at] = size;
    this.count++;
    this.sumPv.add(price * size);
    this.sumV.add(size);
    if (++this.sinceRebuild >= this.count) this.rebuild();
    const v = this.sumV.value;
    return v > 0 ? this.sumPv.value / v : Number.NaN;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.sumPv.reset();
    this.sumV.reset();
    this.sinceRebuild = 0;
    this.lastTsUs = -Infinity;
  }

  /** Drops trades with ts ≤ `cutoffUs` (the window is open on the left). */
  private evictUpTo(cutoffUs: number): void {
    const cap = this.ts.length;
    while (this.count > 0 && (this.ts[this.head] ?? Infinity) <= cutoffUs) {
      this.sumPv.add(-(this.pv[this.head] ?? 0));
      this.sumV.add(-(this.vol[this.head] ?? 0));
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.count--;
    }
    if (this.count === 0) {
      // An empty window has sums of exactly 0: drop any rounding residue.
      this.head = 0;
      this.sumPv.reset();
      this.sumV.reset();
      this.sinceRebuild = 0;
    }
  }

  private grow(): void {
    const cap = this.ts.length;
    const ts = new Float64Array(cap * 2);
    const pv = new Float64Array(cap * 2);
    const vol = new Float64Array(cap * 2);
    for (let i = 0; i < this.count; i++) {
      const j = (this.head + i) % cap;
      ts[i] = this.ts[j] ?? 0;
      pv[i] = this.pv[j] ?? 0;
      vol[i] = this.vol[j] ?? 0;
    }
    this.ts = ts;
    this.pv = pv;
    this.vol = vol;
    this.head = 0;
  }

  private rebuild(): void {
    this.sinceRebuild = 0;
    this.sumPv.reset();
    this.sumV.reset();
    const cap = this.ts.length;
    for (let i = 0; i < this.count; i++) {
      const j = (this.head + i) % cap;
      this.sumPv.add(this.pv[j] ?? 0);
      this.sumV.add(this.vol[j] ?? 0);
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
