import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sma } from '../../../engine/signal/sma';
import { closeRel, mulberry32 } from './prng';

/** Reference: slice the window and sum it, at every step. */
function smaRef(xs: readonly number[], n: number): number[] {
  return xs.map((_, i) => {
    if (i + 1 < n) return Number.NaN;
    const w = xs.slice(i + 1 - n, i + 1);
    return w.reduce((a, b) => a + b, 0) / n;
  });
}

describe('Sma', () => {
  it('matches hand values on a tiny series', () => {
    const s = new Sma(3);
    expect(s.update(1)).toBeNaN();
    expect(s.update(2)).toBeNaN();
    expect(s.update(3)).toBe(2);
    expect(s.update(4)).toBe(3);
    expect(s.update(10)).toBeCloseTo(17 / 3, 12);
  });

  it('matches the sliced-window reference (property, tolerance 1e-12 of the largest |x|)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        (xs, n) => {
          const s = new Sma(n);
          const ref = smaRef(xs, n);
          // The reference's own rounding is relative to the magnitudes summed, not to the mean.
          const scale = Math.max(1, ...xs.map(Math.abs));
          xs.forEach((x, i) => {
            expect(closeRel(s.update(x), ref[i] ?? Number.NaN, 1e-12 * scale)).toBe(true);
          });
        },
      ),
    );
  });

  it('does not drift over a long stream of large values (tolerance 1e-12)', () => {
    const rand = mulberry32(7);
    const s = new Sma(50);
    for (let i = 0; i < 200_000; i++) s.update((rand() - 0.5) * 1e12);
    let last = Number.NaN;
    for (let i = 0; i < 50; i++) last = s.update(0.1);
    expect(Math.abs(last - 0.1)).toBeLessThan(1e-12);
  });

  it('reset forgets the window', () => {
    const s = new Sma(2);
    s.update(5);
    s.update(7);
    s.reset();
    expect(s.update(1)).toBeNaN();
    expect(s.update(3)).toBe(2);
  });

  it('rejects bad arguments', () => {
    expect(() => new Sma(0)).toThrow(/integer >= 1/);
    expect(() => new Sma(2).update(Number.NaN)).toThrow(/finite/);
  });
});
