import type { CancelSignal } from '../core/cancel';

/**
 * The columnar event batch that replay (and the live adapter) feed to the kernel.
 *
 * Hot paths are columnar: a batch holds up to `capacity` events in typed arrays, and
 * processors read them through a flyweight cursor — no object is allocated per event.
 */
export const EventKind = { Trade: 1, Quote: 2, Book: 3 } as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** Flags of book events (bit set in `EventBatch.flags`). */
export const BookFlag = {
  /** The row belongs to a full snapshot (the book is replaced, not patched). */
  Snapshot: 1,
  /** Last row of one exchange message: the book is consistent after applying it. */
  EndOfMessage: 2,
} as const;

/**
 * A batch of market events in time order.
 *
 * Payload columns by kind:
 * - trade: `a` price, `b` size, `c` side (+1 buy / -1 sell), `d` trade id (NaN if unknown)
 * - quote: `a` bid price, `b` bid size, `c` ask price, `d` ask size
 * - book:  `a` price, `b` size (0 removes), `c` side (+1 bid / -1 ask), `d` update id (u),
 *          `e` first update id (U), `f` previous final update id (pu); NaN where unknown
 */
export interface EventBatch {
  /** Number of valid events (≤ the arrays' length). */
  length: number;
  readonly kind: Uint8Array;
  /** Index into the replay's stream table (one stream per dataset: venue × symbol × kind). */
  readonly stream: Uint16Array;
  /** Exchange time, µs since the epoch. */
  readonly tsUs: Float64Array;
  /** Receive time, µs since the epoch; NaN when the source has none. */
  readonly localTsUs: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly f: Float64Array;
  readonly flags: Uint8Array;
}

/** The payload columns of a batch (their meaning per kind: see {@link EventBatch}). */
export const PAYLOAD_COLUMNS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export type PayloadColumn = (typeof PAYLOAD_COLUMNS)[number];

/**
 * The payload columns a replay reads per stream kind (projection): a column left out is not
 * read from the lake and holds NaN. Book streams are always read whole (the kernel applies
 * every book row to its book).
 */
export interface ReadColumns {
  readonly trades?: readonly PayloadColumn[];
  readonly quotes?: readonly PayloadColumn[];
}

/** Allocates an empty batch able to hold `capacity` events. */
export function createEventBatch(capacity: number): EventBatch {
  return {
    length: 0,
    kind: new Uint8Array(capacity),
    stream: new Uint16Array(capacity),
    tsUs: new Float64Array(capacity),
    localTsUs: new Float64Array(capacity),
    a: new Float64Array(capacity),
    b: new Float64Array(capacity),
    c: new Float64Array(capacity),
    d: new Float64Array(capacity),
    e: new Float64Array(capacity),
    f: new Float64Array(capacity),
    flags: new Uint8Array(capacity),
  };
}

/** Describes one stream of a replay or live session. */
export interface StreamInfo {
  readonly id: number;
  readonly venue: string;
  readonly symbol: string;
  readonly kind: 'trades' | 'quotes' | 'book';
  /** The dataset it comes from (replay) or the feed name (live). */
  readonly source: string;
}

/** Where events come from: the replay reader or a live adapter. Both yield batches in time order. */
export interface EventSource {
  readonly streams: readonly StreamInfo[];
  /** Yields batches; a batch object may be reused after the consumer returns from `next()`. */
  batches(signal?: CancelSignal): AsyncIterable<EventBatch>;
  /** Total events if known in advance (replay), for progress; undefined for live feeds. */
  readonly totalEvents: number | undefined;
}
