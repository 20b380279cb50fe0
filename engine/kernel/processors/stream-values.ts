import type { StreamInfo } from '../../model/events';
import type { SnapshotValue } from '../processor';

/**
 * Last value and update count per stream id, for processor snapshots. Plain arrays indexed by
 * stream id: recording is two stores, no allocation once a stream was seen.
 */
export class StreamValues {
  private readonly last: number[] = [];
  private readonly count: number[] = [];

  record(streamId: number, value: number): void {
    this.last[streamId] = value;
    this.count[streamId] = (this.count[streamId] ?? 0) + 1;
  }

  /** `{ "<venue>:<symbol>": { values, last } }` for every stream that produced a value. */
  snapshot(streams: readonly StreamInfo[]): SnapshotValue {
    const out: Record<string, SnapshotValue> = {};
    for (const s of streams) {
      const n = this.count[s.id];
      if (n === undefined) continue;
      const last = this.last[s.id] ?? NaN;
      out[`${s.venue}:${s.symbol}`] = { values: n, last: Number.isFinite(last) ? last : null };
    }
    return out;
  }
}
