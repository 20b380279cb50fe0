import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TailWindow } from '../../../engine/risk/tail-window';
import { mulberry32 } from '../signal/prng';
import { LegacyTailWindow } from './legacy-tail-window';

/*
 * TailWindow keeps window slots (not sequence numbers) for its `top` entries, and its rare
 * paths read the value from its slot: against the previous implementation (kept verbatim in
 * legacy-tail-window.ts), the m-th largest and the tail mean must be the same bits after
 * every push.
 */

function compare(n: number, m: number, xs: readonly number[]): void {
  const legacy = new LegacyTailWindow(n, m);
  const tail = new TailWindow(n, m);
  xs.forEach((x, i) => {
    legacy.push(x);
    tail.push(x);
    const want = [legacy.smallestOfTop(), legacy.meanOfTop(), legacy.size, legacy.full];
    const got = [tail.smallestOfTop(), tail.meanOfTop(), tail.size, tail.full];
    if (!got.every((g, k) => Object.is(g, want[k]))) expect({ i, got }).toEqual({ i, got: want });
  });
}

describe('TailWindow with slots', () => {
  it('same order statistics and tail means as before (property: ties, trends, n and m)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1, max: 1, noNaN: true })), {
          maxLength: 400,
        }),
        (n, frac, xs) => {
          const m = Math.max(1, Math.min(n, Math.ceil(frac * n)));
          compare(n, m, xs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('long seeded runs: decreasing phases (rebuild-heavy), flat phases and noise', () => {
    for (const [n, m, seed] of [
      [1000, 11, 1],
      [250, 13, 2],
      [37, 4, 3],
      [5, 3, 4],
    ] as const) {
      const rnd = mulberry32(seed);
      const xs: number[] = [];
      let level = 0;
      for (let i = 0; i < 8 * n + 3000; i++) {
        const phase = Math.floor(i / (2 * n)) % 3;
        if (phase === 0) level -= 0.001;
        const x = phase === 1 ? 0 : level + Math.round((rnd() - 0.5) * 40) / 1000;
        xs.push(x);
      }
      compare(n, m, xs);
    }
  });
});
