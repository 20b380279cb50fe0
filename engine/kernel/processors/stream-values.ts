import type { StreamInfo } from '../../model/events';
import type { SnapshotValue } from '../processor';

/**
 * Last value and update count per stream id, for processor snapshots. Typed arrays indexed by
 * stream id: recording is two stores, no allocation once sized.
 *
 * Hot loops may write `last` and `count` directly (hoisted into locals) for stream ids below
 * the size given to {@link StreamValues.reserve}: the kernel guarantees its batches' stream ids
 * index its stream table (below `ctx.streamCount`).
 */
export class StreamValues {
  /** Last value recorded per stream id. */
  last: Float64Array = new Float64Array(16);
  /** Values recorded per stream id. */
  count: Float64Array = new Float64Array(16);

  /** Sizes the arrays for stream ids below `streams` (call in `init`). */
  reserve(streams: number): void {
    if (streams > this.last.length) this.grow(streams);
  }

  record(streamId: number, value: number): void {
    if (streamId >= this.last.length) this.grow(streamId + 1);
    this.last[streamId] = value;
    this.count[streamId] = (this.count[streamId] as number) + 1;
  }

  /** `{ "<venue>:<symbol>": { values, last } }` for every stream that produced a value. */
  snapshot(streams: readonly StreamInfo[]): SnapshotValue {
    const out: Record<string, SnapshotValue> = {};
    for (const s of streams) {
      const n = this.count[s.id] ?? 0;
      if (n === 0) continue;
      const last = this.last[s.id] ?? NaN;
      out[`${s.venue}:${s.symbol}`] = { values: n, last: Number.isFinite(last) ? last : null };
    }
    return out;
  }

  private grow(size: number): void {
    const cap = Math.max(size, this.last.length * 2);
    const last = new Float64Array(cap);
    last.set(this.last);
    const count = new Float64Array(cap);
    count.set(this.count);
    this.last = last;
    this.count = count;
  }
}
