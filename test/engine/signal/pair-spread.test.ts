import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairSpreadZScore } from '../../../engine/signal/pair-spread';
import { closeRel, mulberry32, normals } from './prng';

/** Reference: OLS on the sliced window (two-pass), then z of the last residual-spread. */
function zRef(as: readonly number[], bs: readonly number[], fixedBeta?: number): { z: number; beta: number } {
  const n = as.length;
  const la = as.map(Math.log);
  const lb = bs.map(Math.log);
  const ma = la.reduce((s, x) => s + x, 0) / n;
  const mb = lb.reduce((s, x) => s + x, 0) / n;
  let cov = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += ((la[i] ?? 0) - ma) * ((lb[i] ?? 0) - mb);
    vb += ((lb[i] ?? 0) - mb) ** 2;
  }
  const beta = fixedBeta ?? cov / vb;
  const s = la.map((a, i) => a - beta * (lb[i] ?? 0));
  const ms = s.reduce((x, y) => x + y, 0) / n;
  const sd = Math.sqrt(s.reduce((x, y) => x + (y - ms) ** 2, 0) / n);
  return { z: sd === 0 ? 0 : ((s.at(-1) ?? 0) - ms) / sd, beta };
}

describe('PairSpreadZScore', () => {
  it('fixed β = 1: z of log(A/B)', () => {
    const p = new PairSpreadZScore(3, 1);
    p.update(100, 100);
    p.update(100 * Math.E, 100);
    // spreads 0, 1, 2: mean 1, std √(2/3)
    expect(p.update(100 * Math.E ** 2, 100)).toBeCloseTo(Math.sqrt(1.5), 10);
    expect(p.spread).toBeCloseTo(2, 12);
  });

  it('rolling OLS β matches the batch regression (property, tolerance 1e-6)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 3, max: 30 }), (seed, n) => {
        const z = normals(mulberry32(seed));
        const p = new PairSpreadZScore(n);
        const as: number[] = [];
        const bs: number[] = [];
        let lb = Math.log(100);
        for (let i = 0; i < 3 * n; i++) {
          lb += 0.01 * z();
          const la = 1.5 * lb + 0.002 * z();
          as.push(Math.exp(la));
          bs.push(Math.exp(lb));
          const v = p.update(Math.exp(la), Math.exp(lb));
          if (i + 1 < n) {
            expect(v).toBeNaN();
            continue;
          }
          const ref = zRef(as.slice(-n), bs.slice(-n));
          expect(closeRel(p.beta, ref.beta, 1e-6)).toBe(true);
          expect(closeRel(v, ref.z, 1e-6)).toBe(true);
        }
      }),
    );
  });

  it('recovers a known hedge ratio', () => {
    const z = normals(mulberry32(3));
    const p = new PairSpreadZScore(500);
    let lb = Math.log(30_000);
    for (let i = 0; i < 600; i++) {
      lb += 0.01 * z();
      p.update(Math.exp(0.8 * lb + 0.0005 * z()), Math.exp(lb));
    }
    expect(p.beta).toBeCloseTo(0.8, 2);
  });

  it('is NaN while B is flat (β undefined)', () => {
    const p = new PairSpreadZScore(3);
    [1, 2, 3].forEach((a) => p.update(a, 10));
    expect(p.update(4, 10)).toBeNaN();
  });
});
