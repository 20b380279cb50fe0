// The tree of losers against a plain scan for the smallest (key, rank): winners, runner-ups,
// ended inputs (which rank after every live one, even one whose key is +Infinity).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoserTree } from '../../../engine/replay/loser-tree';

/** The reference: the live input with the smallest (key, index), skipping `except`; −1 if none. */
function best(keys: readonly number[], ended: readonly boolean[], except = -1): number {
  let b = -1;
  keys.forEach((k, m) => {
    if (ended[m] === true || m === except) return;
    if (b < 0 || k < (keys[b] as number)) b = m;
  });
  return b;
}

const key = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-Infinity, Infinity));

describe('LoserTree', () => {
  it('winner and runner-up equal a linear scan, through key changes and ends', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 13 })
          .chain((k) =>
            fc.tuple(
              fc.array(key, { minLength: k, maxLength: k }),
              fc.array(fc.option(key, { nil: undefined }), { maxLength: 60 }),
            ),
          ),
        ([initial, steps]) => {
          const k = initial.length;
          const keys = [...initial];
          const ended = keys.map(() => false);
          const tree = new LoserTree(k);
          keys.forEach((x, m) => {
            tree.set(m, x);
          });
          tree.build();
          for (const step of steps) {
            const want = best(keys, ended);
            expect(tree.done).toBe(want < 0);
            if (want < 0) break;
            expect(tree.winner).toBe(want);
            expect(tree.runnerUp()).toBe(best(keys, ended, want));
            // A key replays the winner's path; no key ends the winner.
            if (step === undefined) {
              ended[want] = true;
              tree.endWinner();
            } else {
              keys[want] = step;
              tree.replaceWinner(step);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('inputs ended before the build never win', () => {
    const tree = new LoserTree(3);
    tree.end(0);
    tree.set(1, Infinity);
    tree.set(2, 7);
    tree.build();
    expect(tree.winner).toBe(2);
    expect(tree.runnerUp()).toBe(1);
    tree.replaceWinner(Infinity);
    expect(tree.winner).toBe(1); // a live +Infinity beats an ended input of a lower index
    tree.endWinner();
    expect(tree.winner).toBe(2);
    tree.endWinner();
    expect(tree.done).toBe(true);
  });
});
