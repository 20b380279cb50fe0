import { describe, expect, it } from 'vitest';
import { Adwin, adwinCutThreshold, adwinHoeffdingBound } from '../../../engine/signal/adwin';
import { mulberry32, normals } from './prng';

describe('ADWIN cut bounds (closed form)', () => {
  it('Hoeffding bound of Theorem 3.1 for n0 = n1 = 100, δ = 0.002', () => {
    // m = 1 / (1/100 + 1/100) = 50; ε = √(1/(2·50) · ln(4 · 200 / 0.002)) = √(ln(400 000) / 100)
    expect(adwinHoeffdingBound(100, 100, 200, 0.002)).toBeCloseTo(Math.sqrt(Math.log(400_000) / 100), 12);
    expect(adwinHoeffdingBound(100, 100, 200, 0.002)).toBeCloseTo(0.359154, 5);
  });

  it('variance bound for n0 = 50, n1 = 150, σ² = 0.25, δ = 0.002', () => {
    const m = 1 / (1 / 50 + 1 / 150); // 37.5
    const ln = Math.log((2 * Math.log(200)) / 0.002);
    const expected = Math.sqrt((2 / m) * 0.25 * ln) + (2 / (3 * m)) * ln;
    expect(adwinCutThreshold(50, 150, 0.25, 200, 0.002)).toBeCloseTo(expected, 12);
    // the bound shrinks as sub-windows grow and grows as δ shrinks
    expect(adwinCutThreshold(500, 1500, 0.25, 2000, 0.002)).toBeLessThan(expected);
    expect(adwinCutThreshold(50, 150, 0.25, 200, 1e-6)).toBeGreaterThan(expected);
    // R scales only the range term
    expect(adwinCutThreshold(50, 150, 0.25, 200, 0.002, 0.1)).toBeCloseTo(
      Math.sqrt((2 / m) * 0.25 * ln) + (0.2 / (3 * m)) * ln,
      12,
    );
  });
});

describe('Adwin', () => {
  it('does not fire on stationary seeded returns', () => {
    for (const seed of [1, 2, 3]) {
      const z = normals(mulberry32(seed));
      const a = new Adwin(0.002, { range: 0.1 });
      let alarms = 0;
      for (let i = 0; i < 20_000; i++) if (a.update(0.0001 + 0.01 * z())) alarms++;
      expect(alarms).toBe(0);
      expect(a.width).toBe(20_000);
    }
  });

  it('detects a mean shift within a bounded delay and drops the old regime', () => {
    const z = normals(mulberry32(99));
    const a = new Adwin(0.002, { range: 0.1 });
    for (let i = 0; i < 5000; i++) a.update(0.01 * z());
    let delay = -1;
    for (let i = 0; i < 2000; i++) {
      if (a.update(0.01 + 0.01 * z())) {
        delay = i + 1;
        break;
      }
    }
    // A 1σ shift: the bound needs ~150 new values, plus at most clock − 1 = 31.
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(300);
    expect(a.detectionCount).toBe(1);
    // After the cut, the window holds (mostly) the new regime.
    for (let i = 0; i < 500; i++) a.update(0.01 + 0.01 * z());
    expect(a.mean).toBeGreaterThan(0.007);
    expect(a.width).toBeLessThan(2000);
  });

  it('detects a shift of a [0, 1] (Bernoulli) stream with the paper default R = 1', () => {
    const rand = mulberry32(21);
    const a = new Adwin(0.002);
    let falseAlarms = 0;
    for (let i = 0; i < 10_000; i++) if (a.update(rand() < 0.2 ? 1 : 0)) falseAlarms++;
    expect(falseAlarms).toBe(0);
    let delay = -1;
    for (let i = 0; i < 5000 && delay < 0; i++) if (a.update(rand() < 0.5 ? 1 : 0)) delay = i + 1;
    // |Δμ| = 0.3: ε_cut(n0 = 10⁴, n1 = k) falls under 0.3 near k ≈ 150.
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(400);
  });

  it('keeps O(log W) buckets and exact window mean/variance', () => {
    const rand = mulberry32(5);
    const a = new Adwin(0.002, { clock: 1_000_000 }); // never checks: pure histogram
    const xs: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const x = rand();
      xs.push(x);
      a.update(x);
    }
    expect(a.width).toBe(100_000);
    // M = 5 buckets per row at most, ⌈log2(W/M)⌉ + 1 rows.
    expect(a.bucketCount).toBeLessThanOrEqual(6 * (Math.ceil(Math.log2(100_000 / 5)) + 1));
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    expect(a.mean).toBeCloseTo(m, 9);
    expect(a.variance).toBeCloseTo(v, 9);
  });
});
