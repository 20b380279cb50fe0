import { describe, expect, it } from 'vitest';
import { normalInv, normalPdf } from '../../../engine/risk/normal';

/** Φ by Simpson integration of the density from 0 — independent of the code under test. */
function cdfSimpson(x: number): number {
  const steps = 20_000;
  const h = x / steps;
  const f = (t: number): number => Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
  let s = f(0) + f(x);
  for (let i = 1; i < steps; i++) s += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return 0.5 + (s * h) / 3;
}

describe('normalInv (Acklam)', () => {
  it('matches tabulated quantiles to 1e-8', () => {
    expect(normalInv(0.5)).toBeCloseTo(0, 12);
    expect(normalInv(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalInv(0.99)).toBeCloseTo(2.3263478740408408, 8);
    expect(normalInv(0.999)).toBeCloseTo(3.090232306167813, 8);
    expect(normalInv(0.01)).toBeCloseTo(-2.3263478740408408, 8);
  });

  it('inverts the integrated CDF across both tails and the centre (tolerance 1e-8)', () => {
    for (const p of [1e-6, 0.001, 0.02, 0.0243, 0.1, 0.3, 0.5, 0.7, 0.9, 0.976, 0.99, 0.9999]) {
      expect(cdfSimpson(normalInv(p))).toBeCloseTo(p, 8);
    }
  });

  it('rejects p outside (0, 1); φ(0) = 1/√(2π)', () => {
    expect(() => normalInv(1)).toThrow(/probability/);
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });
});
