import type { ValueListener } from './signal-bus';

/**
 * One processor's values of a kernel run, in columns, in the order it emitted them (so by
 * event): what its `SeriesBuffer` holds after the run. Rows `[0, length)` are valid.
 */
export interface ValueRun {
  /** Index of the processor label in `SignalBus.processors`. */
  readonly processorIdx: number;
  readonly length: number;
  /** Index in its batch of the event that produced each value (non-decreasing). */
  readonly ev: Int32Array;
  /** Exchange time of that event, µs since the epoch. */
  readonly ts: Float64Array;
  readonly stream: Uint16Array;
  /** Index of the series name in `SignalBus.names`. */
  readonly name: Uint16Array;
  readonly value: Float64Array;
}

/**
 * Calls `listener.onValue` for every value of `runs` in publication order: by event, from
 * `from` up to `to` (exclusive), and within an event by run (processor order), each run's own
 * order kept — the order an event-by-event dispatch publishes them in. Every value's event
 * must be at or after `from` (a kernel run's values all belong to its events [from, to)); values
 * of events from `to` on are not visited.
 */
export function forEachValueInOrder(
  runs: readonly ValueRun[],
  from: number,
  to: number,
  listener: ValueListener,
): void {
  const k = runs.length;
  const pos = new Int32Array(k);
  let pending = 0;
  for (let r = 0; r < k; r++) pending += (runs[r] as ValueRun).length;
  for (let e = from; e < to && pending > 0; e++) {
    for (let r = 0; r < k; r++) {
      const run = runs[r] as ValueRun;
      const ev = run.ev;
      const n = run.length;
      let at = pos[r] as number;
      while (at < n && ev[at] === e) {
        listener.onValue(
          run.ts[at] as number,
          run.processorIdx,
          run.stream[at] as number,
          run.name[at] as number,
          run.value[at] as number,
        );
        at++;
        pending--;
      }
      pos[r] = at;
    }
  }
}

/** Number of values in `runs`. */
export function valuesIn(runs: readonly ValueRun[]): number {
  let n = 0;
  for (let r = 0; r < runs.length; r++) n += (runs[r] as ValueRun).length;
  return n;
}
