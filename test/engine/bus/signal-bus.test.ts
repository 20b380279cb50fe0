import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../engine/bus/bus-events';
import { SignalBus } from '../../../engine/bus/signal-bus';

describe('SignalBus', () => {
  it('delivers values to always-subscribers first, then in subscription order; muting silences only non-always subscribers', () => {
    const bus = new SignalBus();
    const got: string[] = [];
    bus.subscribeValues({ onValue: (t, p, s, n, v) => got.push(`A ${t} ${p} ${s} ${n} ${v}`) });
    const off = bus.subscribeValues({ onValue: (t) => got.push(`B ${t}`) }, { always: true });
    bus.publishValue(1, 0, 2, 3, 4.5);
    bus.setMuted(true);
    bus.publishValue(2, 0, 0, 0, 0);
    bus.setMuted(false);
    off();
    bus.publishValue(3, 0, 0, 0, 0);
    expect(got).toEqual(['B 1', 'A 1 0 2 3 4.5', 'B 2', 'A 3 0 0 0 0']);
    expect(bus.valuesPublished).toBe(3);
  });

  it('object events follow the same rules, and names intern to stable indices', () => {
    const bus = new SignalBus();
    const got: BusEvent[] = [];
    bus.subscribe((e) => got.push(e));
    const ev: BusEvent = {
      type: 'book-invalid',
      tsUs: 1,
      streamId: 0,
      rule: 'spot',
      expected: 5,
      received: 7,
    };
    bus.publish(ev);
    bus.setMuted(true);
    bus.publish(ev);
    expect(got).toEqual([ev]);
    expect(bus.names.intern('ema')).toBe(0);
    expect(bus.names.intern('bid')).toBe(1);
    expect(bus.names.intern('ema')).toBe(0);
    expect(bus.names.nameOf(1)).toBe('bid');
  });
});
