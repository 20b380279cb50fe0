import type { SignalBus, ValueListener } from '../bus/signal-bus';
import type { StreamInfo } from '../model/events';
import type { SeriesSink } from './series-sink';

/** Bridges bus values (indices) to a SeriesSink (strings). */
export class SinkAdapter implements ValueListener {
  private readonly venues: string[] = [];
  private readonly symbols: string[] = [];

  constructor(
    private readonly sink: SeriesSink,
    private readonly bus: SignalBus,
    streams: readonly StreamInfo[],
  ) {
    for (const s of streams) {
      this.venues[s.id] = s.venue;
      this.symbols[s.id] = s.symbol;
    }
  }

  onValue(tsUs: number, processorIdx: number, streamId: number, nameIdx: number, value: number): void {
    this.sink.write(
      tsUs,
      this.bus.processors.nameOf(processorIdx),
      this.venues[streamId] ?? '',
      this.symbols[streamId] ?? '',
      this.bus.names.nameOf(nameIdx),
      value,
    );
  }
}
