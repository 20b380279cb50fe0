import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMoments } from '../../../engine/signal/rolling-moments';
import { mulberry32 } from './prng';

/**
 * Σ with Neumaier's compensation, branching on the larger magnitude: RollingMoments computes
 * Σd with Knuth's branch-free TwoSum instead, which must give the same bits (both add the
 * exact rounding error of each addition, and that error is unique).
 */
function neumaier(sum: number, comp: number, x: number): [number, number] {
  const t = sum + x;
  return [t, Math.abs(sum) >= Math.abs(x) ? comp + (sum - t + x) : comp + (x - t + sum)];
}

/** The window's compensated sums as RollingMoments keeps them (shift, rebuild every n pushes). */
function referenceMoments(xs: readonly number[], n: number): { mean: number; variance: number }[] {
  const out: { mean: number; variance: number }[] = [];
  const win: number[] = [];
  let shift = NaN;
  let [s1, c1, s2, c2] = [0, 0, 0, 0];
  let since = 0;
  // The run of equal trailing values (a window inside it is flat: variance exactly 0).
  let runValue = NaN;
  let runLength = 0;
  for (const x of xs) {
    if (x === runValue) runLength++;
    else [runValue, runLength] = [x, 1];
    if (Number.isNaN(shift)) shift = x;
    const old = win.length === n ? (win.shift() as number) : NaN;
    win.push(x);
    const d = x - shift;
    [s1, c1] = neumaier(s1, c1, d);
    [s2, c2] = neumaier(s2, c2, d * d);
    if (!Number.isNaN(old)) {
      const od = old - shift;
      [s1, c1] = neumaier(s1, c1, -od);
      [s2, c2] = neumaier(s2, c2, -od * od);
    }
    if (++since >= n) {
      since = 0;
      shift = shift + (s1 + c1) / win.length;
      [s1, c1, s2, c2] = [0, 0, 0, 0];
      for (const w of win) {
        const e = w - shift;
        [s1, c1] = neumaier(s1, c1, e);
        [s2, c2] = neumaier(s2, c2, e * e);
      }
    }
    const c = win.length;
    const flat = runLength >= c;
    const m = (s1 + c1) / c;
    const meanSq = (s2 + c2) / c;
    const v = meanSq - m * m;
    out.push({
      mean: flat ? runValue : shift + m,
      variance: flat ? 0 : v > 1e-12 * meanSq ? v : 0,
    });
  }
  return out;
}

describe('RollingMoments', () => {
  it('Σd by TwoSum gives the bits of Neumaier sums (prices near 60 000, ticks, flat runs)', () => {
    for (const [n, seed] of [
      [5, 1],
      [50, 2],
      [500, 3],
    ] as const) {
      const rnd = mulberry32(seed);
      let p = 60_000;
      const xs = Array.from({ length: 3000 }, (_, i) => {
        if (i % 400 < 60) return p; // a flat run
        p = Math.round((p + (rnd() - 0.5) * 3) * 10) / 10;
        return p;
      });
      const want = referenceMoments(xs, n);
      const m = new RollingMoments(n);
      xs.forEach((x, i) => {
        m.push(x);
        const w = want[i] as { mean: number; variance: number };
        expect(m.mean()).toBe(w.mean);
        expect(m.variance()).toBe(w.variance);
        const sd = Math.sqrt(w.variance);
        expect(m.zOf(x)).toBe(sd === 0 ? 0 : (x - w.mean) / sd);
      });
    }
  });

  it('property: same bits as Neumaier sums for any values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 30 }),
        (xs, n) => {
          const want = referenceMoments(xs, n);
          const m = new RollingMoments(n);
          xs.forEach((x, i) => {
            m.push(x);
            expect(m.mean()).toBe(want[i]?.mean);
            expect(m.variance()).toBe(want[i]?.variance);
          });
        },
      ),
    );
  });

  it('zOf is NaN on an empty window', () => {
    expect(new RollingMoments(3).zOf(1)).toBeNaN();
  });
});
