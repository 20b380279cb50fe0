import type { ValueRun } from '../bus/value-runs';

/**
 * One processor's emitted values of the range the kernel is processing, in columns: the index
 * of the triggering event in the batch, its exchange time (µs since the epoch), the stream id,
 * the interned series name and the value. The kernel drains every buffer after each range,
 * merging them by (event index, processor order) — the order a per-event dispatch would have
 * produced — so processors can run a whole range each without changing the output order.
 *
 * Grows by doubling (a range emits at most a few values per event); never shrinks.
 */
export class SeriesBuffer implements ValueRun {
  length = 0;
  ev: Int32Array;
  ts: Float64Array;
  stream: Uint16Array;
  name: Uint16Array;
  value: Float64Array;

  /** @param processorIdx index of the emitting processor's label in `SignalBus.processors` */
  constructor(
    readonly processorIdx: number,
    capacity = 1024,
  ) {
    this.ev = new Int32Array(capacity);
    this.ts = new Float64Array(capacity);
    this.stream = new Uint16Array(capacity);
    this.name = new Uint16Array(capacity);
    this.value = new Float64Array(capacity);
  }

  /**
   * @param ev index of the event in its batch
   * @param tsUs exchange time of the event, µs since the epoch
   */
  push(ev: number, tsUs: number, streamId: number, nameIdx: number, value: number): void {
    const at = this.length;
    if (at === this.ev.length) this.grow();
    this.ev[at] = ev;
    this.ts[at] = tsUs;
    this.stream[at] = streamId;
    this.name[at] = nameIdx;
    this.value[at] = value;
    this.length = at + 1;
  }

  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const cap = this.ev.length * 2;
    const ev = new Int32Array(cap);
    ev.set(this.ev);
    const ts = new Float64Array(cap);
    ts.set(this.ts);
    const stream = new Uint16Array(cap);
    stream.set(this.stream);
    const name = new Uint16Array(cap);
    name.set(this.name);
    const value = new Float64Array(cap);
    value.set(this.value);
    this.ev = ev;
    this.ts = ts;
    this.stream = stream;
    this.name = name;
    this.value = value;
  }
}
