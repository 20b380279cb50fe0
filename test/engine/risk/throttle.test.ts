import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderRateThrottle } from '../../../engine/risk/throttle';

describe('OrderRateThrottle', () => {
  it('hand example: 2 per 10 µs, window open on the left', () => {
    const t = new OrderRateThrottle(2, 10);
    expect(t.tryAcquire(0)).toBe(true);
    expect(t.tryAcquire(5)).toBe(true);
    expect(t.tryAcquire(9)).toBe(false);
    expect(t.tryAcquire(10)).toBe(true); // 0 has left (0, 10]
    expect(t.tryAcquire(14)).toBe(false);
    expect(t.tryAcquire(15)).toBe(true);
    expect(t.countInWindow(15)).toBe(2);
  });

  it('never admits more than max in any window, and admits whenever there is room (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 200 }),
        (gaps, max, w) => {
          const t = new OrderRateThrottle(max, w);
          const admitted: number[] = [];
          let ts = 0;
          for (const g of gaps) {
            ts += g;
            const inWindow = admitted.filter((a) => a > ts - w).length;
            const ok = t.tryAcquire(ts);
            // exactly the sliding-window rule, recomputed by filtering
            expect(ok).toBe(inWindow < max);
            if (ok) admitted.push(ts);
          }
          for (const a of admitted) {
            expect(admitted.filter((b) => b > a - w && b <= a).length).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });
});
