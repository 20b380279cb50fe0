import type { BookInvalidEvent, RiskBreachEvent } from '../bus/bus-events';
import type { StreamInfo } from '../model/events';
import type { MonitorReport } from '../monitor/kernel-monitor';
import type { BookStore } from './book-store';
import type { Processor, SnapshotValue } from './processor';
import type { ProcessorContext } from './processor-context';

/** Per-processor line of the summary. Latencies in µs (NaN when not timed). */
export interface ProcessorSummary {
  readonly processor: string;
  readonly events: number;
  readonly emitted: number;
  readonly errors: number;
  readonly latencyP50Us: number;
  readonly latencyP99Us: number;
  readonly snapshot: SnapshotValue;
}

export interface BookSummary {
  readonly streamId: number;
  readonly venue: string;
  readonly symbol: string;
  /** Deterministic FNV-1a 64 of the final book (16 hex digits). */
  readonly hash: string;
  readonly valid: boolean;
  readonly synced: boolean;
  readonly gaps: number;
  readonly messages: number;
  readonly lastUpdateId: number;
  readonly bestBid: number;
  readonly bestAsk: number;
  readonly bidLevels: number;
  readonly askLevels: number;
}

export interface KernelSummary {
  readonly events: number;
  readonly eventsByKind: { readonly trades: number; readonly quotes: number; readonly book: number };
  /** Replay time (receive time where known, else exchange time) of the first and last event, µs. */
  readonly firstTsUs: number;
  readonly lastTsUs: number;
  readonly valuesEmitted: number;
  readonly processors: readonly ProcessorSummary[];
  readonly breaches: number;
  readonly breachEvents: readonly RiskBreachEvent[];
  readonly bookInvalidEvents: readonly BookInvalidEvent[];
  readonly books: readonly BookSummary[];
  readonly monitor: MonitorReport;
}

/** The per-processor lines of the summary, in list order. */
export function summarizeProcessors(
  processors: readonly Processor[],
  contexts: readonly ProcessorContext[],
): ProcessorSummary[] {
  return processors.map((p, idx) => {
    const ctx = contexts[idx] as ProcessorContext;
    return {
      processor: p.name,
      events: ctx.stats.events,
      emitted: ctx.emitted,
      errors: ctx.stats.errors,
      latencyP50Us: ctx.stats.latencyUs.quantile(0.5),
      latencyP99Us: ctx.stats.latencyUs.quantile(0.99),
      snapshot: p.snapshot(),
    };
  });
}

/** One line per rebuilt book, by stream id. */
export function summarizeBooks(books: BookStore, streams: readonly StreamInfo[]): BookSummary[] {
  const streamById = new Map(streams.map((s) => [s.id, s]));
  return books.streamIds().map((id) => {
    const b = books.get(id);
    const s = streamById.get(id);
    return {
      streamId: id,
      venue: s?.venue ?? '',
      symbol: s?.symbol ?? '',
      hash: b.hash(),
      valid: b.valid,
      synced: b.synced,
      gaps: b.gaps,
      messages: b.messages,
      lastUpdateId: b.lastUpdateId,
      bestBid: b.bestBid(),
      bestAsk: b.bestAsk(),
      bidLevels: b.bids.levels,
      askLevels: b.asks.levels,
    };
  });
}
