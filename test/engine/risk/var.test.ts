import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingVar } from '../../../engine/risk/var';
import { closeRel, mulberry32, normals } from '../signal/prng';

/** Reference: sort the window's losses, take the ⌈n·c⌉-th smallest; ES averages from there up. */
function histRef(window: readonly number[], c: number): { v: number; es: number } {
  // Same convention as the engine: a zero return is a loss of +0 (0 − r), never −0.
  const losses = window.map((r) => 0 - r).sort((a, b) => a - b);
  const n = losses.length;
  const k = Math.ceil(Math.round(n * c * 1e6) / 1e6);
  const tail = losses.slice(k - 1);
  return { v: losses[k - 1] ?? Number.NaN, es: tail.reduce((a, b) => a + b, 0) / tail.length };
}

describe('RollingVar', () => {
  it('hand example: n = 10, c = 0.9 — the 9th smallest loss, ES of the two largest', () => {
    const v = new RollingVar(10, 0.9);
    // losses 1..10 %
    [-0.01, -0.02, -0.03, -0.04, -0.05, -0.06, -0.07, -0.08, -0.09, -0.1].forEach((r) => {
      v.update(r);
    });
    expect(v.historicalVar()).toBeCloseTo(0.09, 15);
    expect(v.historicalEs()).toBeCloseTo(0.095, 15);
  });

  it('n = 100, c = 0.99: the second-largest loss (the ⌈n·c⌉ rounding guard)', () => {
    const v = new RollingVar(100, 0.99);
    for (let i = 1; i <= 100; i++) v.update(-i / 1000);
    expect(v.historicalVar()).toBe(0.099);
    expect(v.historicalEs()).toBeCloseTo(0.0995, 15);
  });

  it('is NaN until the window is full', () => {
    const v = new RollingVar(3);
    v.update(0.01);
    v.update(-0.01);
    expect(v.historicalVar()).toBeNaN();
    expect(v.parametricEs()).toBeNaN();
  });

  it('historical VaR/ES match sorting the window (property, tolerance 1e-12)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 2, max: 40 }),
        fc.constantFrom(0.9, 0.95, 0.975, 0.99),
        (rs, n, c) => {
          const v = new RollingVar(n, c);
          rs.forEach((r, i) => {
            v.update(r);
            if (i + 1 < n) return;
            const ref = histRef(rs.slice(i + 1 - n, i + 1), c);
            expect(v.historicalVar()).toBe(ref.v);
            expect(closeRel(v.historicalEs(), ref.es, 1e-12)).toBe(true);
          });
        },
      ),
    );
  });

  it('parametric VaR/ES match the Gaussian closed form with sample σ (tolerance 1e-9)', () => {
    const z = normals(mulberry32(8));
    const n = 250;
    const v = new RollingVar(n, 0.99);
    const rs: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const r = 0.0005 + 0.02 * z();
      rs.push(r);
      v.update(r);
    }
    const w = rs.slice(-n);
    const mu = w.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1));
    const z99 = 2.3263478740408408;
    const phi = Math.exp(-(z99 ** 2) / 2) / Math.sqrt(2 * Math.PI);
    expect(v.parametricVar()).toBeCloseTo(sd * z99 - mu, 9);
    expect(v.parametricEs()).toBeCloseTo((sd * phi) / 0.01 - mu, 9);
    // and ES ≥ VaR
    expect(v.parametricEs()).toBeGreaterThan(v.parametricVar());
  });
});
