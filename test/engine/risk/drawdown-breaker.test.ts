import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DrawdownBreaker,
  type BreakerState,
  type DrawdownTransition,
} from '../../../engine/risk/drawdown-breaker';

const severity: Record<BreakerState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

describe('DrawdownBreaker', () => {
  it('hand example with hysteresis and a sticky halt', () => {
    const events: DrawdownTransition[] = [];
    const b = new DrawdownBreaker({
      reduceAtPct: 5,
      haltAtPct: 10,
      resetAtPct: 2,
      onTransition: (e) => events.push(e),
    });
    expect(b.update(100, 1)).toBe('ACTIVE');
    expect(b.update(110, 2)).toBe('ACTIVE');
    expect(b.update(104, 3)).toBe('REDUCING'); // 5.45 %
    expect(b.update(106, 4)).toBe('REDUCING'); // 3.6 %: above resetAt
    expect(b.update(108, 5)).toBe('ACTIVE'); // 1.8 %
    expect(b.update(98, 6)).toBe('HALTED'); // 10.9 %
    expect(b.update(200, 7)).toBe('HALTED'); // sticky
    b.reset(8);
    expect(b.state).toBe('ACTIVE');
    expect(b.peak).toBe(200);
    expect(events.map((e) => `${e.from}>${e.to}:${e.cause}`)).toEqual([
      'ACTIVE>REDUCING:drawdown',
      'REDUCING>ACTIVE:recovery',
      'ACTIVE>HALTED:drawdown',
      'HALTED>ACTIVE:reset',
    ]);
    const halt = events[2];
    expect(halt?.peak).toBe(110);
    expect(halt?.equity).toBe(98);
    expect(halt?.drawdownPct).toBeCloseTo((12 / 110) * 100, 12);
    expect(halt?.tsUs).toBe(6);
  });

  it('without resetAtPct, states never de-escalate until reset (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (equities, reduce, extra) => {
          const b = new DrawdownBreaker({ reduceAtPct: reduce, haltAtPct: Math.min(100, reduce + extra) });
          let prev = 0;
          let peak = 0;
          equities.forEach((e, i) => {
            const s = b.update(e, i);
            peak = Math.max(peak, e);
            expect(severity[s]).toBeGreaterThanOrEqual(prev);
            prev = severity[s];
            expect(b.drawdownPct).toBeCloseTo(((peak - e) / peak) * 100, 9);
          });
        },
      ),
    );
  });

  it('HALTED is sticky even with resetAtPct (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { maxLength: 100 }), (later) => {
        const b = new DrawdownBreaker({ reduceAtPct: 5, haltAtPct: 10, resetAtPct: 1 });
        b.update(100, 0);
        b.update(80, 1);
        later.forEach((e, i) => {
          expect(b.update(e, i + 2)).toBe('HALTED');
        });
      }),
    );
  });

  it('validates thresholds', () => {
    expect(() => new DrawdownBreaker({ reduceAtPct: 10, haltAtPct: 5 })).toThrow(/haltAtPct/);
    expect(() => new DrawdownBreaker({ reduceAtPct: 5, haltAtPct: 10, resetAtPct: 5 })).toThrow(/resetAtPct/);
  });
});
