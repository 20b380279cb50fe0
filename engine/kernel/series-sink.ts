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
  /**
   * Optional, with {@link SeriesSink.writeKeyed}: the four texts of key `keyId` (a small dense
   * integer, 0, 1, 2, … in first-use order), announced once before its first keyed row.
   */
  defineKey?(keyId: number, processor: string, venue: string, symbol: string, name: string): void;
  /**
   * Optional: {@link SeriesSink.write} of a row whose key was announced by `defineKey` — no
   * strings to look up per row. A sink that has both gets every row this way.
   */
  writeKeyed?(tsUs: number, keyId: number, value: number): void;
  /** Called once at the end of a run (also after a stop). */
  close?(): void | Promise<void>;
}
