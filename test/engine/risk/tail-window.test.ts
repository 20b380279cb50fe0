import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TailWindow } from '../../../engine/risk/tail-window';
import { RollingVar } from '../../../engine/risk/var';
import { mulberry32 } from '../signal/prng';

/** Reference: sort the window's losses; VaR the k-th smallest, ES the tail summed ascending. */
function ref(window: readonly number[], c: number): { v: number; es: number } {
  const losses = window.map((r) => 0 - r).sort((a, b) => a - b);
  const n = losses.length;
  const k = Math.min(n, Math.max(1, Math.ceil(n * c - 1e-9)));
  let sum = 0;
  for (let i = k - 1; i < n; i++) sum += losses[i] as number;
  return { v: losses[k - 1] ?? NaN, es: sum / (n - k + 1) };
}

describe('RollingVar over the tail window (heap + sorted top) equals a full sort, bit for bit', () => {
  it('long random walks with many ties (coarse returns), several n and c', () => {
    for (const [n, c, seed] of [
      [1000, 0.99, 1],
      [250, 0.95, 2],
      [37, 0.9, 3],
      [5, 0.5, 4],
      [2, 0.99, 5],
    ] as const) {
      const rnd = mulberry32(seed);
      const v = new RollingVar(n, c, { parametric: false });
      const rs: number[] = [];
      for (let i = 0; i < 6 * n + 5000; i++) {
        // Coarse grid: many equal returns; trending phases stress the lazy heap.
        const drift = Math.floor(i / 700) % 2 === 0 ? 0.3 : -0.3;
        const r = Math.round((rnd() - 0.5 + drift) * 40) / 10000;
        rs.push(r);
        v.update(r);
        if (i + 1 < n) {
          expect(v.historicalVar()).toBeNaN();
          continue;
        }
        if (i % 7 !== 0 && i < 6 * n) continue;
        const want = ref(rs.slice(i + 1 - n, i + 1), c);
        expect(v.historicalVar()).toBe(want.v);
        expect(v.historicalEs()).toBe(want.es);
      }
      expect(v.parametricVar()).toBeNaN();
    }
  });

  it('property: any sequence, any n and c', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 2, max: 60 }),
        fc.constantFrom(0.5, 0.9, 0.95, 0.975, 0.99),
        (ints, n, c) => {
          const rs = ints.map((k) => k / 1000);
          const v = new RollingVar(n, c);
          rs.forEach((r, i) => {
            v.update(r);
            if (i + 1 < n) return;
            const want = ref(rs.slice(i + 1 - n, i + 1), c);
            expect(v.historicalVar()).toBe(want.v);
            expect(v.historicalEs()).toBe(want.es);
          });
        },
      ),
    );
  });
});

describe('TailWindow: sorted top with a reserve, rebuilt by a scan', () => {
  /** The m-th largest of the window and the mean of the m largest summed ascending. */
  function refTop(window: readonly number[], m: number): { v: number; mean: number } {
    const sorted = [...window].sort((a, b) => a - b);
    if (sorted.length < m) return { v: NaN, mean: NaN };
    let sum = 0;
    for (let i = sorted.length - m; i < sorted.length; i++) sum += sorted[i] as number;
    return { v: sorted[sorted.length - m] as number, mean: sum / m };
  }

  function check(xs: readonly number[], n: number, m: number): void {
    const w = new TailWindow(n, m);
    xs.forEach((x, i) => {
      w.push(x);
      const want = refTop(xs.slice(Math.max(0, i + 1 - n), i + 1), m);
      expect(w.smallestOfTop()).toBe(want.v);
      expect(w.meanOfTop()).toBe(want.mean);
      expect(w.size).toBe(Math.min(i + 1, n));
    });
  }

  const PATTERNS: Readonly<Record<string, (i: number) => number>> = {
    // Every eviction takes a value from the top: the most rebuilds.
    decreasing: (i) => -i,
    increasing: (i) => i,
    flat: () => 0,
    'flat with rare jumps': (i) => (i % 97 === 0 ? 1 + (i % 5) : 0),
    sawtooth: (i) => i % 13,
    'two levels': (i) => (Math.floor(i / 40) % 2 === 0 ? 1 : -1),
  };

  for (const [name, f] of Object.entries(PATTERNS)) {
    it(`${name}: equals sorting each window`, () => {
      const xs = Array.from({ length: 700 }, (_, i) => f(i));
      for (const [n, m] of [
        [100, 2],
        [37, 5],
        [16, 16],
        [1, 1],
        [200, 11],
      ] as const)
        check(xs, n, m);
    });
  }

  it('property: random walks (drifting, many ties), any n and m ≤ n', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -3, max: 2 }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 20 }),
        (steps, n, mRaw) => {
          let x = 0;
          check(
            steps.map((d) => (x += d)),
            n,
            Math.min(n, mRaw),
          );
        },
      ),
    );
  });
});
