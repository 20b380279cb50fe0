import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingVwap, SessionVwap } from '../../../engine/signal/vwap';
import { closeRel } from './prng';

interface Trade {
  ts: number;
  price: number;
  size: number;
}

/** Reference: filter the trades in (t − w, t] and divide the sums. */
function rollingRef(trades: readonly Trade[], w: number): number[] {
  return trades.map((t, i) => {
    const win = trades.slice(0, i + 1).filter((u) => u.ts > t.ts - w);
    const v = win.reduce((a, u) => a + u.size, 0);
    return v > 0 ? win.reduce((a, u) => a + u.price * u.size, 0) / v : Number.NaN;
  });
}

const tradesArb = fc
  .array(
    fc.record({
      dt: fc.integer({ min: 0, max: 3_000_000 }),
      price: fc.double({ min: 100, max: 200, noNaN: true }),
      // Lot sizes: 0 or ≥ 1e-8 (subnormal sizes would underflow price · size).
      size: fc.oneof(fc.constant(0), fc.double({ min: 1e-8, max: 5, noNaN: true })),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .map((rows) => {
    let ts = 1_700_000_000_000_000;
    return rows.map((r) => ({ ts: (ts += r.dt), price: r.price, size: r.size }));
  });

describe('RollingVwap', () => {
  it('hand example: the window is open on the left', () => {
    const v = new RollingVwap(10);
    expect(v.update(100, 10, 1)).toBe(10);
    expect(v.update(105, 20, 3)).toBe(17.5); // (10 + 60) / 4
    expect(v.update(110, 30, 1)).toBe(22.5); // ts 100 = 110 − 10 is out: (60 + 30) / 4
    expect(v.size).toBe(2);
    expect(v.update(200, 5, 0)).toBeNaN(); // only a zero-size trade in the window
  });

  it('matches the filtered-window reference (property, relative tolerance 1e-9)', () => {
    fc.assert(
      fc.property(tradesArb, fc.integer({ min: 1, max: 10_000_000 }), (trades, w) => {
        const v = new RollingVwap(w);
        const ref = rollingRef(trades, w);
        trades.forEach((t, i) => {
          expect(closeRel(v.update(t.ts, t.price, t.size), ref[i] ?? Number.NaN, 1e-9)).toBe(true);
        });
      }),
    );
  });

  it('stays between the min and max price of its window (property, 1e-9 relative slack)', () => {
    fc.assert(
      fc.property(tradesArb, fc.integer({ min: 1, max: 10_000_000 }), (trades, w) => {
        const v = new RollingVwap(w);
        trades.forEach((t, i) => {
          const x = v.update(t.ts, t.price, t.size);
          if (Number.isNaN(x)) return;
          const win = trades.slice(0, i + 1).filter((u) => u.ts > t.ts - w && u.size > 0);
          const lo = Math.min(...win.map((u) => u.price));
          const hi = Math.max(...win.map((u) => u.price));
          expect(x).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
          expect(x).toBeLessThanOrEqual(hi * (1 + 1e-9));
        });
      }),
    );
  });

  it('grows past its initial capacity and keeps exact results', () => {
    const v = new RollingVwap(1_000_000);
    let last = Number.NaN;
    for (let i = 0; i < 1000; i++) last = v.update(i, i % 2 === 0 ? 100 : 102, 1);
    expect(v.size).toBe(1000);
    expect(last).toBeCloseTo(101, 10);
  });

  it('rejects time going backwards', () => {
    const v = new RollingVwap(10);
    v.update(100, 1, 1);
    expect(() => v.update(99, 1, 1)).toThrow(/tsUs/);
  });
});

describe('SessionVwap', () => {
  const day = 86_400_000_000;
  const hour = 3_600_000_000;
  const d0 = 19_700 * day; // a UTC midnight

  it('restarts at each UTC midnight by default', () => {
    const s = new SessionVwap();
    expect(s.update(d0 + 1, 10, 1)).toBe(10);
    expect(s.update(d0 + hour, 20, 1)).toBe(15);
    expect(s.sessionStartUs).toBe(d0);
    expect(s.update(d0 + day, 40, 2)).toBe(40);
    expect(s.sessionStartUs).toBe(d0 + day);
  });

  it('restarts at the configured hour', () => {
    const s = new SessionVwap(8);
    expect(s.update(d0 + 7 * hour, 10, 1)).toBe(10);
    expect(s.update(d0 + 8 * hour - 1, 20, 1)).toBe(15);
    expect(s.update(d0 + 8 * hour, 30, 1)).toBe(30);
    expect(s.sessionStartUs).toBe(d0 + 8 * hour);
    expect(() => new SessionVwap(24)).toThrow(/0-23/);
  });
});
