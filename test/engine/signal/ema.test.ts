import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ema } from '../../../engine/signal/ema';
import { closeRel } from './prng';

/** Reference: the closed form eₜ = (1 − α)^(t−1) x₁ + Σ_{i=2..t} α (1 − α)^(t−i) xᵢ. */
function emaClosedForm(xs: readonly number[], n: number): number[] {
  const a = 2 / (n + 1);
  return xs.map((_, t) => {
    let e = (1 - a) ** t * (xs[0] ?? 0);
    for (let i = 1; i <= t; i++) e += a * (1 - a) ** (t - i) * (xs[i] ?? 0);
    return e;
  });
}

describe('Ema', () => {
  it('is seeded with and emitted from the first value; hand values with α = 0.5', () => {
    const e = new Ema(3); // α = 2 / 4
    expect(e.alpha).toBe(0.5);
    expect(e.update(10)).toBe(10);
    expect(e.update(20)).toBe(15);
    expect(e.update(15)).toBe(15);
    expect(e.update(7)).toBe(11);
  });

  it('matches the closed form (property, relative tolerance 1e-9)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 30 }),
        (xs, n) => {
          const e = new Ema(n);
          const ref = emaClosedForm(xs, n);
          xs.forEach((x, i) => {
            expect(closeRel(e.update(x), ref[i] ?? Number.NaN, 1e-9)).toBe(true);
          });
        },
      ),
    );
  });

  it('returns a constant series exactly', () => {
    const e = new Ema(10);
    for (let i = 0; i < 1000; i++) expect(e.update(0.1)).toBe(0.1);
  });
});
