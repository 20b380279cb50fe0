/**
 * Where emitted series rows go: the CLI backs it with CSV/Parquet writers, the UI with a chart
 * feed, tests with arrays or a hasher. One row per emitted value:
 * `(ts_us, processor, venue, symbol, name, value)`.
 *
 * `write` is called synchronously for every value (strings are interned: passing them costs
 * nothing); buffer inside, and flush in `close`.
 */
export interface SeriesSink {
  /**
   * @param tsUs exchange time of the event that produced the value, µs since the epoch
   * @param processor processor label, e.g. `ema:20`
   * @param venue venue of the stream, e.g. `binance-futures`
   * @param symbol symbol of the stream, e.g. `BTCUSDT`
   * @param name series name, e.g. `ema`, `bid`, `ask`
   * @param value the value (unit of the series)
   */
  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void;
  /** Called once at the end of a run (also after a stop). */
  close?(): void | Promise<void>;
}
