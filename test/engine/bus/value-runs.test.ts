// The publication order of a kernel run's values (by event, then by processor, each
// processor's own order kept) against a sort of all values by those keys, and the bus handing
// runs to listeners that take them whole and value by value to the others.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignalBus, type ValueListener } from '../../../engine/bus/signal-bus';
import { forEachValueInOrder, type ValueRun } from '../../../engine/bus/value-runs';
import { SeriesBuffer } from '../../../engine/kernel/series-buffer';

type Row = readonly [ts: number, processorIdx: number, streamId: number, nameIdx: number, value: number];

/** A listener that records what it receives, value by value. */
class Recorder implements ValueListener {
  readonly rows: Row[] = [];
  onValue(tsUs: number, processorIdx: number, streamId: number, nameIdx: number, value: number): void {
    this.rows.push([tsUs, processorIdx, streamId, nameIdx, value]);
  }
}

/** Runs of random values; `ts` numbers every value in its run's order (to check that order). */
const runsArb = fc
  .array(
    fc.array(fc.record({ step: fc.nat({ max: 3 }), s: fc.nat({ max: 3 }), v: fc.double() }), {
      maxLength: 20,
    }),
    {
      maxLength: 6,
    },
  )
  .map((runs) =>
    runs.map((values, p) => {
      const buffer = new SeriesBuffer(10 + p, 1);
      let ev = 0;
      values.forEach((x, i) => {
        ev += x.step;
        buffer.push(ev, i, x.s, p, x.v);
      });
      return buffer;
    }),
  );

/** The reference order: every value of [from, to) sorted by (event, run, position in its run). */
function sortedRows(runs: readonly ValueRun[], from: number, to: number): Row[] {
  const all: { ev: number; r: number; i: number; row: Row }[] = [];
  runs.forEach((run, r) => {
    for (let i = 0; i < run.length; i++) {
      const ev = run.ev[i] as number;
      if (ev < from || ev >= to) continue;
      const row: Row = [
        run.ts[i] as number,
        run.processorIdx,
        run.stream[i] as number,
        run.name[i] as number,
        run.value[i] as number,
      ];
      all.push({ ev, r, i, row });
    }
  });
  all.sort((a, b) => a.ev - b.ev || a.r - b.r || a.i - b.i);
  return all.map((x) => x.row);
}

describe('kernel runs of values', () => {
  it('are visited by event, then by processor, each run in its own order', () => {
    fc.assert(
      fc.property(runsArb, fc.nat({ max: 70 }), (runs, to) => {
        const rec = new Recorder();
        forEachValueInOrder(runs, 0, to, rec);
        expect(rec.rows).toEqual(sortedRows(runs, 0, to));
      }),
    );
  });

  it('reach a listener with onRuns in one call, the others value by value, muted or not', () => {
    fc.assert(
      fc.property(runsArb, fc.boolean(), (runs, muted) => {
        const bus = new SignalBus();
        const whole: { runs: readonly ValueRun[]; from: number; to: number }[] = [];
        const byValue = new Recorder();
        const always = new Recorder();
        bus.subscribeValues({
          onValue: () => {
            throw new Error('onValue called on a listener that takes runs');
          },
          onRuns: (r, from, to) => whole.push({ runs: r, from, to }),
        });
        bus.subscribeValues(byValue);
        bus.subscribeValues(always, { always: true });
        bus.setMuted(muted);
        bus.publishRuns(runs, 0, 100);
        const expected = sortedRows(runs, 0, 100);
        expect(always.rows).toEqual(expected);
        expect(byValue.rows).toEqual(muted ? [] : expected);
        expect(whole).toEqual(muted ? [] : [{ runs, from: 0, to: 100 }]);
        expect(bus.valuesPublished).toBe(expected.length);
      }),
    );
  });
});
