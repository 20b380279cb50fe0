import type { SignalBus, ValueListener } from '../bus/signal-bus';
import type { StreamInfo } from '../model/events';
import type { SeriesSink } from './series-sink';

/**
 * Bridges bus values (indices) to a SeriesSink (strings). A sink that takes keyed rows gets
 * each (processor, stream, name) as a key id, announced once, found per row in a table indexed
 * by those three indices: no string per row.
 */
export class SinkAdapter implements ValueListener {
  private readonly venues: string[] = [];
  private readonly symbols: string[] = [];
  /** Key id + 1 per processor at `nameIdx · stride + streamId` (0: not announced yet). */
  private readonly keyIds: Int32Array[] = [];
  private readonly stride: number;
  /** Key ids of streams outside the table, by `processor,stream,name` indices. */
  private readonly otherKeys = new Map<string, number>();
  private nextKey = 0;

  constructor(
    private readonly sink: SeriesSink,
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

  onValue(tsUs: number, processorIdx: number, streamId: number, nameIdx: number, value: number): void {
    const sink = this.sink;
    if (sink.writeKeyed !== undefined) {
      sink.writeKeyed(tsUs, this.keyId(processorIdx, streamId, nameIdx), value);
      return;
    }
    sink.write(
      tsUs,
      this.bus.processors.nameOf(processorIdx),
      this.venues[streamId] ?? '',
      this.symbols[streamId] ?? '',
      this.bus.names.nameOf(nameIdx),
      value,
    );
  }

  /** The key id of (processor, stream, name), announced to the sink on first use. */
  private keyId(processorIdx: number, streamId: number, nameIdx: number): number {
    if (streamId >= this.stride) {
      // A stream outside the session's table (never seen in practice): looked up by text.
      const text = `${processorIdx},${streamId},${nameIdx}`;
      return (
        this.otherKeys.get(text) ??
        this.define(processorIdx, streamId, nameIdx, (id) => this.otherKeys.set(text, id))
      );
    }
    const at = nameIdx * this.stride + streamId;
    const ids = this.keyIds[processorIdx];
    const known = ids !== undefined && at < ids.length ? (ids[at] as number) : 0;
    if (known > 0) return known - 1;
    return this.define(processorIdx, streamId, nameIdx, (id) => {
      let table = this.keyIds[processorIdx] ?? new Int32Array(0);
      if (at >= table.length) {
        const grown = new Int32Array(Math.max(2 * table.length, at + 1, 64));
        grown.set(table);
        table = grown;
        this.keyIds[processorIdx] = grown;
      }
      table[at] = id + 1;
    });
  }

  /** A new key id for (processor, stream, name): remembered by `keep`, announced to the sink. */
  private define(
    processorIdx: number,
    streamId: number,
    nameIdx: number,
    keep: (id: number) => void,
  ): number {
    const id = this.nextKey++;
    keep(id);
    this.sink.defineKey?.(
      id,
      this.bus.processors.nameOf(processorIdx),
      this.venues[streamId] ?? '',
      this.symbols[streamId] ?? '',
      this.bus.names.nameOf(nameIdx),
    );
    return id;
  }
}
