import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpikeDetector } from '../../../engine/signal/spike';
import { mulberry32, normals } from './prng';

describe('SpikeDetector', () => {
  it('scores against the previous window (hand example)', () => {
    const s = new SpikeDetector(4, 3);
    [1, 2, 1, 2].forEach((x) => {
      expect(s.update(x)).toBe(false);
    });
    // baseline mean 1.5, std 0.5: 3 is 3σ (not > 3), 3.6 is 4.2σ
    expect(s.update(3)).toBe(false);
    expect(s.lastZ).toBeCloseTo(3, 12);
    const t = new SpikeDetector(4, 3);
    [1, 2, 1, 2].forEach((x) => t.update(x));
    expect(t.update(3.6)).toBe(true);
    expect(t.lastZ).toBeCloseTo(4.2, 12);
  });

  it('flags an injected volume spike and few false alarms on Gaussian noise', () => {
    const z = normals(mulberry32(11));
    const s = new SpikeDetector(200, 6);
    let falseAlarms = 0;
    for (let i = 0; i < 20_000; i++) if (s.update(100 + 10 * z())) falseAlarms++;
    expect(falseAlarms).toBeLessThanOrEqual(2); // P(|Z| > 6) ≈ 2e-9 per draw
    expect(s.update(100 + 10 * 12)).toBe(true);
    expect(s.lastZ).toBeGreaterThan(6);
  });

  it('respects minStd on a flat baseline', () => {
    const flat = new SpikeDetector(3, 4);
    [5, 5, 5].forEach((x) => flat.update(x));
    expect(flat.update(5.01)).toBe(true); // infinite z
    const floored = new SpikeDetector(3, 4, { minStd: 0.01 });
    [5, 5, 5].forEach((x) => floored.update(x));
    expect(floored.update(5.01)).toBe(false);
    expect(floored.update(5)).toBe(false);
  });

  it('never fires before the baseline is full (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 10 }), (xs) => {
        const s = new SpikeDetector(10, 1);
        xs.forEach((x) => {
          expect(s.update(x)).toBe(false);
        });
      }),
    );
  });
});
