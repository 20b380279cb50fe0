import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingZScore } from '../../../engine/signal/zscore';
import { closeRel, mulberry32 } from './prng';

/** Reference: two-pass mean and population variance of the sliced window. */
function zRef(xs: readonly number[], n: number): number[] {
  return xs.map((x, i) => {
    if (i + 1 < n) return Number.NaN;
    const w = xs.slice(i + 1 - n, i + 1);
    const m = w.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    return sd === 0 ? 0 : (x - m) / sd;
  });
}

describe('RollingZScore', () => {
  it('hand example: window [1, 2, 3]', () => {
    const z = new RollingZScore(3);
    z.update(1);
    z.update(2);
    // mean 2, population std √(2/3): z(3) = 1 / √(2/3)
    expect(z.update(3)).toBeCloseTo(Math.sqrt(1.5), 12);
  });

  it('is 0 on a flat window, also after a varying one', () => {
    const z = new RollingZScore(4);
    [1, 9, 3, 7].forEach((x) => z.update(x));
    let v = Number.NaN;
    for (let i = 0; i < 4; i++) v = z.update(60_000.1);
    expect(v).toBe(0);
  });

  it('matches the two-pass reference (property, tolerance 1e-7)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 150 }),
        fc.integer({ min: 2, max: 15 }),
        (xs, n) => {
          const z = new RollingZScore(n);
          const ref = zRef(xs, n);
          xs.forEach((x, i) => {
            expect(closeRel(z.update(x), ref[i] ?? Number.NaN, 1e-7)).toBe(true);
          });
        },
      ),
    );
  });

  it('is invariant to a constant shift (property, tolerance 1e-6)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 100 }),
        fc.integer({ min: 2, max: 10 }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (xs, n, c) => {
          const a = new RollingZScore(n);
          const b = new RollingZScore(n);
          xs.forEach((x, i) => {
            const za = a.update(x);
            const zb = b.update(x + c);
            if (i + 1 < n) {
              expect(zb).toBeNaN();
              return;
            }
            // A window whose spread is under the rounding of the shifted values is flat for b.
            const w = xs.slice(i + 1 - n, i + 1);
            if (Math.max(...w) - Math.min(...w) < 1e-6) return;
            expect(Math.abs(za - zb)).toBeLessThan(1e-6);
          });
        },
      ),
    );
  });

  it('keeps precision on price-like levels (60 000 ± 1) over a long stream', () => {
    const rand = mulberry32(42);
    const n = 100;
    const z = new RollingZScore(n);
    const xs: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const x = 60_000 + rand();
      xs.push(x);
      z.update(x);
    }
    const x = 60_000.5;
    xs.push(x);
    const ref = zRef(xs.slice(-n), n).at(-1) ?? Number.NaN;
    expect(z.update(x)).toBeCloseTo(ref, 8);
  });

  it('push then latestZ is update, bit for bit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 100, max: 200, noNaN: true }), { maxLength: 120 }),
        fc.integer({ min: 2, max: 12 }),
        (xs, n) => {
          const a = new RollingZScore(n);
          const b = new RollingZScore(n);
          expect(b.latestZ()).toBeNaN();
          for (const x of xs) {
            const z = a.update(x);
            expect(b.push(x)).toBe(!Number.isNaN(z));
            expect(Object.is(b.latestZ(), z)).toBe(true);
          }
        },
      ),
    );
  });
});
