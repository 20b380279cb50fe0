import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inLanes } from '../../../engine/core/lanes';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('inLanes', () => {
  it('works on every item once, never more than `lanes` at a time (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        async (delays, lanes) => {
          const seen: number[] = [];
          let running = 0;
          let most = 0;
          const items = delays.map((d, i) => ({ i, d }));
          const done = await inLanes(items, lanes, async ({ i, d }) => {
            running++;
            most = Math.max(most, running);
            for (let k = 0; k < d; k++) await tick();
            seen.push(i);
            running--;
            return true;
          });
          expect(done).toBe(true);
          expect([...seen].sort((a, b) => a - b)).toEqual(items.map((x) => x.i));
          expect(most).toBeLessThanOrEqual(Math.min(lanes, items.length));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('throws the first failure only after every lane has ended, the others seeing failed()', async () => {
    const log: string[] = [];
    const run = inLanes([0, 1, 2, 3], 2, async (i, failed) => {
      if (i === 0) {
        await tick();
        throw new Error('item 0 failed');
      }
      // Item 1 runs until it sees the failure, then ends its lane.
      for (let k = 0; k < 100 && !failed(); k++) await tick();
      log.push(`item ${i} saw failed() = ${String(failed())}`);
      return !failed();
    });
    await expect(run).rejects.toThrow('item 0 failed');
    // Nothing ran after the throw: lane 2 stopped at item 1, items 2 and 3 never started.
    expect(log).toEqual(['item 1 saw failed() = true']);
  });

  it('resolves false when a work item says it was stopped; that lane takes no more items', async () => {
    const started: number[] = [];
    const done = await inLanes([0, 1, 2], 1, (i) => {
      started.push(i);
      return Promise.resolve(i !== 1);
    });
    expect(done).toBe(false);
    expect(started).toEqual([0, 1]);
  });
});
