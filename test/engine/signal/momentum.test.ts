import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Momentum } from '../../../engine/signal/momentum';

describe('Momentum', () => {
  it('is price / price n updates ago − 1, from the (n + 1)-th price', () => {
    const m = new Momentum(2);
    expect(m.update(100)).toBeNaN();
    expect(m.update(50)).toBeNaN();
    expect(m.update(110)).toBeCloseTo(0.1, 15);
    expect(m.update(100)).toBe(1);
  });

  it('matches indexing the series (property, exact)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 100 }),
        fc.integer({ min: 1, max: 10 }),
        (ps, n) => {
          const m = new Momentum(n);
          ps.forEach((p, i) => {
            const expected = i >= n ? p / (ps[i - n] ?? Number.NaN) - 1 : Number.NaN;
            expect(m.update(p)).toBe(expected);
          });
        },
      ),
    );
  });
});
