import type { StreamInfo } from '../model/events';
import type { SignalBus } from './signal-bus';

/**
 * Dense ids of series keys (processor, stream, name): 0, 1, 2, … in first-use order, so that a
 * value listener keeps what it derives from a key (its hash, its announcement to a sink) by id
 * and finds it per value without building a string. Ids are looked up in a table per processor
 * at `nameIdx · stride + streamId`; a stream id beyond the session's table (never seen in
 * practice) by text, so it cannot alias another stream's slot.
 */
export class SeriesKeyTable {
  /** One more than the largest stream id of the session (at least 1): a table row's length. */
  readonly stride: number;
  private readonly venues: string[] = [];
  private readonly symbols: string[] = [];
  /** Id + 1 per processor at `nameIdx · stride + streamId` (0: no id yet). */
  private readonly tables: Int32Array[] = [];
  private readonly others = new Map<string, number>();
  private count = 0;

  constructor(
    private readonly bus: SignalBus,
    streams: readonly StreamInfo[],
  ) {
    let stride = 1;
    for (const s of streams) {
      this.venues[s.id] = s.venue;
      this.symbols[s.id] = s.symbol;
      stride = Math.max(stride, s.id + 1);
    }
    this.stride = stride;
  }

  /** Keys with an id. */
  get size(): number {
    return this.count;
  }

  /** The key's id, or −1 when it has none yet ({@link SeriesKeyTable.add} gives it one). */
  find(processorIdx: number, streamId: number, nameIdx: number): number {
    if (streamId >= this.stride) return this.others.get(otherKey(processorIdx, streamId, nameIdx)) ?? -1;
    const at = nameIdx * this.stride + streamId;
    const table = this.tables[processorIdx];
    return table !== undefined && at < table.length ? (table[at] as number) - 1 : -1;
  }

  /** Gives a key without an id the next one, and returns it. */
  add(processorIdx: number, streamId: number, nameIdx: number): number {
    const id = this.count++;
    if (streamId >= this.stride) {
      this.others.set(otherKey(processorIdx, streamId, nameIdx), id);
      return id;
    }
    const at = nameIdx * this.stride + streamId;
    let table = this.tables[processorIdx] ?? new Int32Array(0);
    if (at >= table.length) {
      const grown = new Int32Array(Math.max(2 * table.length, at + 1, 64));
      grown.set(table);
      table = grown;
      this.tables[processorIdx] = grown;
    }
    table[at] = id + 1;
    return id;
  }

  processor(processorIdx: number): string {
    return this.bus.processors.nameOf(processorIdx);
  }

  venue(streamId: number): string {
    return this.venues[streamId] ?? '';
  }

  symbol(streamId: number): string {
    return this.symbols[streamId] ?? '';
  }

  name(nameIdx: number): string {
    return this.bus.names.nameOf(nameIdx);
  }
}

function otherKey(processorIdx: number, streamId: number, nameIdx: number): string {
  return `${processorIdx},${streamId},${nameIdx}`;
}
