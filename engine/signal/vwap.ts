import { US_PER_S } from '../core/brand';
import { invalidArgument } from '../core/errors';
import { CompensatedSum } from './compensated-sum';
import { requireFinite, requireInt, requireNonNegative, requirePositive } from './validate';

const US_PER_HOUR = 3600 * US_PER_S;
const US_PER_DAY = 24 * US_PER_HOUR;
/** Initial capacity of the rolling window; it doubles as needed and never shrinks. */
const INITIAL_CAPACITY = 64;

/*
 * Doubles of a RollingVwap's state, in one Float64Array: a double field of an object is a
 * pointer to a boxed number in V8 (two dependent loads per read), a typed-array element is
 * one. Offsets, written as literals in the hot path (a module constant is re-read there):
 * 0 Σ price·size, 1 its compensation, 2 Σ size, 3 its compensation, 4 last trade time (µs),
 * 5 window length (µs), 6–9 scratch for `update` (time, price, size, VWAP).
 */
const STATE = 10;

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
 * pushed as the window holds, which costs O(1) amortized and bounds add/subtract drift.
 *
 * Hot path of replay: {@link RollingVwap.pushAt} reads a trade from columns and writes the VWAP
 * into an array — no number crosses the call (a double argument or return value of a call
 * that is not inlined is boxed in a fresh heap number) — and works on locals (sums, head,
 * count) loaded once and stored once, the arithmetic of `CompensatedSum` written out.
 */
export class RollingVwap {
  /** The window, a ring of `cap` (time µs, price·size, size) triples: `count` from `head`. */
  private ring = new Float64Array(3 * INITIAL_CAPACITY);
  private cap = INITIAL_CAPACITY;
  private head = 0;
  private count = 0;
  private sinceRebuild = 0;
  /** Sums, last time, window length and scratch (see {@link STATE}). */
  private readonly st = new Float64Array(STATE);

  /** @param windowUs window length, µs (> 0). */
  constructor(windowUs: number) {
    this.st[5] = requirePositive('windowUs', windowUs);
    this.st[4] = -Infinity;
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
    const st = this.st;
    st[6] = tsUs;
    st[7] = price;
    st[8] = size;
    return this.pushAt(st.subarray(6, 7), st.subarray(7, 8), st.subarray(8, 9), 0, st, 9)
      ? (st[9] as number)
      : Number.NaN;
  }

  /**
   * {@link RollingVwap.update} with the trade read from columns: time `tsUs[i]` (µs), price
   * `price[i]`, size `size[i]` (same rules). Writes the VWAP to `out[k]` and returns true when it
   * is defined (the window's volume is not 0); returns false and leaves `out[k]` otherwise.
   */
  pushAt(
    tsCol: Float64Array,
    priceCol: Float64Array,
    sizeCol: Float64Array,
    i: number,
    out: Float64Array,
    k: number,
  ): boolean {
    const st = this.st;
    const tsUs = tsCol[i] as number;
    const price = priceCol[i] as number;
    const size = sizeCol[i] as number;
    // One test for the common case; the checks that throw the precise error only if it fails.
    if (!(
      tsUs - tsUs === 0 &&
      price - price === 0 &&
      size >= 0 &&
      size < Infinity &&
      tsUs >= (st[4] as number)
    )) {
      rejectVwapTrade(tsUs, price, size, st[4] as number);
    }
    st[4] = tsUs;
    let ring = this.ring;
    let head = this.head;
    let count = this.count;
    let pvSum = st[0] as number;
    let pvComp = st[1] as number;
    let vSum = st[2] as number;
    let vComp = st[3] as number;
    // Evict the trades that left the window, ts ≤ tsUs − window (it is open on the left).
    const cutoffUs = tsUs - (st[5] as number);
    if (count > 0 && (ring[3 * head] as number) <= cutoffUs) {
      const cap = this.cap;
      do {
        const x = -(ring[3 * head + 1] as number);
        const t = pvSum + x;
        if (Math.abs(pvSum) >= Math.abs(x)) pvComp += pvSum - t + x;
        else pvComp += x - t + pvSum;
        pvSum = t;
        const y = -(ring[3 * head + 2] as number);
        const u = vSum + y;
        if (Math.abs(vSum) >= Math.abs(y)) vComp += vSum - u + y;
        else vComp += y - u + vSum;
        vSum = u;
        head = head + 1 === cap ? 0 : head + 1;
        count--;
      } while (count > 0 && (ring[3 * head] as number) <= cutoffUs);
      if (count === 0) {
        // An empty window has sums of exactly 0: drop any rounding residue.
        head = 0;
        pvSum = 0;
        pvComp = 0;
        vSum = 0;
        vComp = 0;
        this.sinceRebuild = 0;
      }
    }
    if (count === this.cap) {
      this.grow(head);
      ring = this.ring;
      head = 0;
    }
    const cap = this.cap;
    let at = head + count;
    if (at >= cap) at -= cap;
    const p = price * size;
    ring[3 * at] = tsUs;
    ring[3 * at + 1] = p;
    ring[3 * at + 2] = size;
    count++;
    const t = pvSum + p;
    if (Math.abs(pvSum) >= Math.abs(p)) pvComp += pvSum - t + p;
    else pvComp += p - t + pvSum;
    pvSum = t;
    const u = vSum + size;
    if (Math.abs(vSum) >= Math.abs(size)) vComp += vSum - u + size;
    else vComp += size - u + vSum;
    vSum = u;
    this.head = head;
    this.count = count;
    if (++this.sinceRebuild >= count) {
      this.rebuild();
      pvSum = st[0] as number;
      pvComp = st[1] as number;
      vSum = st[2] as number;
      vComp = st[3] as number;
    } else {
      st[0] = pvSum;
      st[1] = pvComp;
      st[2] = vSum;
      st[3] = vComp;
    }
    const v = vSum + vComp;
    if (!(v > 0)) return false;
    out[k] = (pvSum + pvComp) / v;
    return true;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.sinceRebuild = 0;
    this.st.fill(0, 0, 4);
    this.st[4] = -Infinity;
  }

  /** Doubles the full ring, oldest trade (at `head`) first. */
  private grow(head: number): void {
    const cap = this.cap;
    const ring = new Float64Array(6 * cap);
    // The ring is full: [head, cap) then [0, head), oldest first.
    ring.set(this.ring.subarray(3 * head));
    ring.set(this.ring.subarray(0, 3 * head), 3 * (cap - head));
    this.ring = ring;
    this.cap = 2 * cap;
    this.head = 0;
  }

  /** Recomputes the sums (into the state) from the window, oldest first. */
  private rebuild(): void {
    this.sinceRebuild = 0;
    const cap = this.cap;
    const ring = this.ring;
    const count = this.count;
    let pvSum = 0;
    let pvComp = 0;
    let vSum = 0;
    let vComp = 0;
    let j = this.head;
    for (let i = 0; i < count; i++) {
      const x = ring[3 * j + 1] as number;
      const t = pvSum + x;
      if (Math.abs(pvSum) >= Math.abs(x)) pvComp += pvSum - t + x;
      else pvComp += x - t + pvSum;
      pvSum = t;
      const y = ring[3 * j + 2] as number;
      const u = vSum + y;
      if (Math.abs(vSum) >= Math.abs(y)) vComp += vSum - u + y;
      else vComp += y - u + vSum;
      vSum = u;
      j = j + 1 === cap ? 0 : j + 1;
    }
    const st = this.st;
    st[0] = pvSum;
    st[1] = pvComp;
    st[2] = vSum;
    st[3] = vComp;
  }
}

/**
 * Throws the error of the first invalid argument of a VWAP update (`lastTsUs`: the previous
 * time); also for the WebAssembly twin of {@link RollingVwap.pushAt}, which reports only where.
 */
export function rejectVwapTrade(tsUs: number, price: number, size: number, lastTsUs: number): void {
  requireFinite('tsUs', tsUs);
  requireFinite('price', price);
  requireNonNegative('size', size);
  invalidArgument('tsUs', tsUs, `>= the previous ${String(lastTsUs)}`);
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
