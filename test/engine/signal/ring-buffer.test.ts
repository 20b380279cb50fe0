import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../engine/signal/ring-buffer';

describe('RingBuffer', () => {
  it('behaves as a bounded FIFO array (property: pushes, reads at every index, clears)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constant('clear' as const)), { maxLength: 60 }),
        (cap, ops) => {
          const ring = new RingBuffer(cap);
          let model: number[] = [];
          for (const op of ops) {
            if (op === 'clear') {
              ring.clear();
              model = [];
            } else {
              const evicted = model.length === cap ? model.shift() : undefined;
              model.push(op);
              const got = ring.push(op);
              if (evicted === undefined) expect(got).toBeNaN();
              else expect(Object.is(got, evicted)).toBe(true);
            }
            expect(ring.size).toBe(model.length);
            expect(ring.full).toBe(model.length === cap);
            for (let i = -1; i <= cap; i++) {
              const want = model[i];
              if (want === undefined) expect(ring.get(i)).toBeNaN();
              else expect(Object.is(ring.get(i), want)).toBe(true);
            }
            const last = model[model.length - 1];
            if (last === undefined) expect(ring.last()).toBeNaN();
            else expect(Object.is(ring.last(), last)).toBe(true);
          }
        },
      ),
    );
  });
});
