import { describe, expect, it } from 'vitest';
import { tsUs } from '../../../engine/core/brand';
import { SimClock } from '../../../engine/clock/sim-clock';

describe('SimClock', () => {
  it('never goes backwards', () => {
    const c = new SimClock(100);
    c.advanceTo(50);
    expect(c.nowUs()).toBe(100);
    c.advanceTo(200);
    expect(c.nowUs()).toBe(200);
  });

  it('fires timers in time order, stable for equal times, each seeing its own due time', () => {
    const c = new SimClock(0);
    const fired: string[] = [];
    const at = (t: number, name: string): void => {
      c.scheduleAt(tsUs(t), (due) => fired.push(`${name}@${due}/${c.nowUs()}`));
    };
    at(30, 'c');
    at(10, 'a');
    at(20, 'b1');
    at(20, 'b2');
    at(20, 'b3');
    c.advanceTo(25);
    expect(fired).toEqual(['a@10/10', 'b1@20/20', 'b2@20/20', 'b3@20/20']);
    expect(c.nowUs()).toBe(25);
    c.advanceTo(30);
    expect(fired.at(-1)).toBe('c@30/30');
  });

  it('periodic timers fire every interval in simulated time, until cancelled', () => {
    const c = new SimClock(1_000);
    const fired: number[] = [];
    const h = c.scheduleEvery(100, (due) => fired.push(due));
    c.advanceTo(1_350);
    expect(fired).toEqual([1_100, 1_200, 1_300]);
    h.cancel();
    c.advanceTo(2_000);
    expect(fired).toHaveLength(3);
  });

  it('a throwing timer does not lose its periodic schedule', () => {
    const c = new SimClock(0);
    let n = 0;
    c.scheduleEvery(10, () => {
      n++;
      if (n === 1) throw new Error('boom');
    });
    expect(() => {
      c.advanceTo(10);
    }).toThrow('boom');
    c.advanceTo(30);
    expect(n).toBe(3);
  });

  it('rejects a non-positive interval', () => {
    expect(() => new SimClock().scheduleEvery(0, () => undefined)).toThrow(/intervalUs/);
  });
});
