import type { SignalBus, ValueListener } from '../bus/signal-bus';
import { SeriesKeyTable } from '../bus/series-key-table';
import type { StreamInfo } from '../model/events';
import type { SeriesSink } from './series-sink';

/**
 * Bridges bus values (indices) to a SeriesSink (strings). A sink that takes keyed rows gets
 * each (processor, stream, name) as a key id (`SeriesKeyTable`'s), announced once: no string
 * per row.
 */
export class SinkAdapter implements ValueListener {
  private readonly keys: SeriesKeyTable;

  constructor(
    private readonly sink: SeriesSink,
    bus: SignalBus,
    streams: readonly StreamInfo[],
  ) {
    this.keys = new SeriesKeyTable(bus, streams);
  }

  onValue(tsUs: number, processorIdx: number, streamId: number, nameIdx: number, value: number): void {
    const sink = this.sink;
    const keys = this.keys;
    if (sink.writeKeyed !== undefined) {
      let id = keys.find(processorIdx, streamId, nameIdx);
      if (id < 0) {
        id = keys.add(processorIdx, streamId, nameIdx);
        sink.defineKey?.(
          id,
          keys.processor(processorIdx),
          keys.venue(streamId),
          keys.symbol(streamId),
          keys.name(nameIdx),
        );
      }
      sink.writeKeyed(tsUs, id, value);
      return;
    }
    sink.write(
      tsUs,
      keys.processor(processorIdx),
      keys.venue(streamId),
      keys.symbol(streamId),
      keys.name(nameIdx),
      value,
    );
  }
}
