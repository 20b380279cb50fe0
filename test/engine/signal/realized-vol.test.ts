import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RealizedVol, annualizeVol } from '../../../engine/signal/realized-vol';
import { closeRel } from './prng';

function volRef(ps: readonly number[], n: number): number[] {
  return ps.map((_, i) => {
    if (i < n) return Number.NaN;
    const r: number[] = [];
    for (let j = i - n + 1; j <= i; j++) r.push(Math.log((ps[j] ?? 1) / (ps[j - 1] ?? 1)));
    const m = r.reduce((a, b) => a + b, 0) / n;
    return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / n);
  });
}

describe('RealizedVol', () => {
  it('hand example: alternating ×e and ×1/e has log returns ±1, std 1', () => {
    const v = new RealizedVol(2);
    expect(v.update(1)).toBeNaN();
    expect(v.update(Math.E)).toBeNaN();
    expect(v.update(1)).toBeCloseTo(1, 12);
  });

  it('matches the batch reference (property, tolerance 1e-9)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 50, max: 150, noNaN: true }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 2, max: 12 }),
        (ps, n) => {
          const v = new RealizedVol(n);
          const ref = volRef(ps, n);
          ps.forEach((p, i) => {
            expect(closeRel(v.update(p), ref[i] ?? Number.NaN, 1e-9)).toBe(true);
          });
        },
      ),
    );
  });

  it('annualizes by √(periods per 365-day year)', () => {
    // 1-minute sampling: 525 600 minutes a year.
    expect(annualizeVol(0.001, 60_000_000)).toBeCloseTo(0.001 * Math.sqrt(525_600), 12);
    expect(annualizeVol(0.01, 86_400_000_000)).toBeCloseTo(0.01 * Math.sqrt(365), 12);
    expect(() => annualizeVol(0.01, 0)).toThrow(/> 0/);
  });

  it('push then latest is update, bit for bit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 2, max: 12 }),
        (ps, n) => {
          const a = new RealizedVol(n);
          const b = new RealizedVol(n);
          for (const p of ps) {
            const want = a.update(p);
            expect(b.push(p)).toBe(!Number.isNaN(want));
            expect(Object.is(b.latest(), want)).toBe(true);
          }
        },
      ),
    );
  });

  it('rejects a price that is not finite and > 0, before changing its state', () => {
    const v = new RealizedVol(2);
    for (const p of [0, -1, Number.NaN, Infinity]) expect(() => v.push(p)).toThrow(/finite number > 0/);
    [1, 2].forEach((p) => v.push(p));
    expect(v.push(4)).toBe(true);
    expect(v.latest()).toBeCloseTo(Math.abs(Math.log(2) - Math.log(2)) / 2, 12);
  });
});
