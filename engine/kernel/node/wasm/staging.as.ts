// The staged kernel run and what every processor's loop shares (see trade-kernels.as.ts).

/** Most events of one staged run (the wrapper cuts longer ranges). */
const MAX_ROWS: i32 = 4096;
/** Most values one processor emits per event. */
const MAX_VALUES_PER_EVENT: i32 = 2;

// The staged run: event kind, stream id, exchange time (µs), payload columns a and b.
const kindCol = memory.data(MAX_ROWS, 16);
const streamCol = memory.data(2 * MAX_ROWS, 16);
const tsCol = memory.data(8 * MAX_ROWS, 16);
const aCol = memory.data(8 * MAX_ROWS, 16);
const bCol = memory.data(8 * MAX_ROWS, 16);
// Values emitted by the last call while capturing: the row of their event, which of the
// processor's series (0, 1), and the value.
const outRow = memory.data(4 * MAX_VALUES_PER_EVENT * MAX_ROWS, 16);
const outSeries = memory.data(MAX_VALUES_PER_EVENT * MAX_ROWS, 16);
const outValue = memory.data(8 * MAX_VALUES_PER_EVENT * MAX_ROWS, 16);

// Rare events of the last call, for the wrapper to publish (risk breaches): the row of their
// event, a code the processor defines, and a number.
const noticeRow = memory.data(4 * MAX_ROWS, 16);
const noticeCode = memory.data(MAX_ROWS, 16);
const noticeValue = memory.data(8 * MAX_ROWS, 16);
let noticeCount: i32 = 0;

let tradeKind: u8 = 0;
/** Row of the event a loop stopped at because its input is invalid; −1 when it ran to the end. */
let failedRow: i32 = -1;

export function maxRows(): i32 {
  return MAX_ROWS;
}
export function kindPtr(): usize {
  return kindCol;
}
export function streamPtr(): usize {
  return streamCol;
}
export function tsPtr(): usize {
  return tsCol;
}
export function aPtr(): usize {
  return aCol;
}
export function bPtr(): usize {
  return bCol;
}
export function outRowPtr(): usize {
  return outRow;
}
export function outSeriesPtr(): usize {
  return outSeries;
}
export function outValuePtr(): usize {
  return outValue;
}
export function failed(): i32 {
  return failedRow;
}
export function noticeRowPtr(): usize {
  return noticeRow;
}
export function noticeCodePtr(): usize {
  return noticeCode;
}
export function noticeValuePtr(): usize {
  return noticeValue;
}
/** Notices of the last call. */
export function notices(): i32 {
  return noticeCount;
}
/** The value of `EventKind.Trade`. */
export function configure(trade: u8): void {
  tradeKind = trade;
}

/** `bytes` of zeroed heap. */
export function zeroed(bytes: usize): usize {
  const at = heap.alloc(bytes);
  memory.fill(at, 0, bytes);
  return at;
}

/*
 * Every processor's handle starts with the addresses of its `StreamValues`: the last value and
 * the count of values per stream (f64 each), which the wrapper's snapshot reads.
 */

/** A handle of `bytes` (≥ 8) with its last-value and count arrays for `streams` streams. */
export function newHandle(bytes: usize, streams: i32): usize {
  const h = zeroed(bytes);
  store<u32>(h, <u32>zeroed(<usize>streams << 3));
  store<u32>(h, <u32>zeroed(<usize>streams << 3), 4);
  return h;
}
export function lastPtr(h: usize): usize {
  return <usize>load<u32>(h);
}
export function countPtr(h: usize): usize {
  return <usize>load<u32>(h, 4);
}

/** Records `v` as stream `s`'s last value (StreamValues.record). */
@inline
export function recordValue(h: usize, s: usize, v: f64): void {
  store<f64>(<usize>load<u32>(h) + (s << 3), v);
  const count = <usize>load<u32>(h, 4) + (s << 3);
  store<f64>(count, load<f64>(count) + 1);
}

// The staged row `i`'s fields, as every loop reads them.
@inline
export function isTrade(i: i32): bool {
  return load<u8>(kindCol + <usize>i) == tradeKind;
}
@inline
export function streamAt(i: i32): usize {
  return <usize>load<u16>(streamCol + (<usize>i << 1));
}
@inline
export function tsAt(i: i32): f64 {
  return load<f64>(tsCol + (<usize>i << 3));
}
/** Payload column a: the trade price. */
@inline
export function priceAt(i: i32): f64 {
  return load<f64>(aCol + (<usize>i << 3));
}
/** Payload column b: the trade size. */
@inline
export function sizeAt(i: i32): f64 {
  return load<f64>(bCol + (<usize>i << 3));
}

/**
 * Value number `at` of the call, `v` of series 0 for stream `s` at row `i`: recorded as the
 * stream's last value, noted when capturing. Returns the count of values so far.
 */
@inline
export function emitOne(h: usize, s: usize, i: i32, v: f64, capture: bool, at: i32): i32 {
  recordValue(h, s, v);
  if (capture) emitValue(at, i, 0, v);
  return at + 1;
}

/** Notes value number `at` of the call (event row `row`, series `series`) when capturing. */
@inline
export function emitValue(at: i32, row: i32, series: u8, v: f64): void {
  store<i32>(outRow + (<usize>at << 2), row);
  store<u8>(outSeries + <usize>at, series);
  store<f64>(outValue + (<usize>at << 3), v);
}

/** The loop stopped at `row` (invalid input). */
@inline
export function fail(row: i32): void {
  failedRow = row;
}

/** Notes a rare event of row `row` (at most one per event and processor). */
@inline
export function notice(row: i32, code: u8, v: f64): void {
  const at = noticeCount;
  store<i32>(noticeRow + (<usize>at << 2), row);
  store<u8>(noticeCode + <usize>at, code);
  store<f64>(noticeValue + (<usize>at << 3), v);
  noticeCount = at + 1;
}

/** Each loop starts with this. */
@inline
export function begin(): void {
  failedRow = -1;
  noticeCount = 0;
}
