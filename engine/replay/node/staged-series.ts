import type { DuckDBConnection } from '@duckdb/node-api';
import { ParquetDoublesWriter } from '../../lake/node/parquet-doubles';
import { sqlString } from '../../lake/node/sql';
import { SeriesKeyCache } from './series-key-cache';
import { TickbenchError } from '../../core/errors';

/** Rows buffered per row group of the staging file. */
const GROUP_ROWS = 8192;

/** A DuckDB list literal of texts: its element `id + 1` is the text of key `id`. */
function sqlList(texts: readonly string[]): string {
  return `[${texts.map(sqlString).join(', ')}]::VARCHAR[]`;
}

/**
 * An emitted series on its way to a Parquet file, with nothing formatted as text: rows go to
 * a staging Parquet file of doubles (ts_us, the id of the row's key — processor, venue,
 * symbol, name — and value; a memcpy per row group), and {@link StagedSeries.copyTo} has DuckDB
 * write the final file, turning the key ids back into text by list lookups, in staging order.
 * Formatting every row as CSV text for DuckDB to parse again cost ~1 µs per value; one id
 * column for the key rather than four halves the staging file (24 bytes per row).
 */
export class StagedSeries {
  private readonly writer: ParquetDoublesWriter;
  private readonly cols = Array.from({ length: 3 }, () => new Float64Array(GROUP_ROWS));
  private fill = 0;
  /** The texts of each key id, field by field. */
  private readonly fields: [string[], string[], string[], string[]] = [[], [], [], []];
  private readonly keys = new SeriesKeyCache((processor, venue, symbol, name) => {
    const f = this.fields;
    f[0].push(processor);
    f[1].push(venue);
    f[2].push(symbol);
    f[3].push(name);
    return f[0].length - 1;
  });
  /** Key id + 1 of each key announced by `defineKey` (0: none). */
  private announced = new Int32Array(64);

  /** @param path the staging file to create */
  constructor(readonly path: string) {
    this.writer = new ParquetDoublesWriter(path, ['ts_us', 'key', 'value']);
  }

  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void {
    this.row(tsUs, this.keys.get(processor, venue, symbol, name), value);
  }

  /** `SeriesSink.defineKey`: the announced id maps to this file's id of the same texts. */
  defineKey(keyId: number, processor: string, venue: string, symbol: string, name: string): void {
    if (keyId >= this.announced.length) {
      const grown = new Int32Array(Math.max(2 * this.announced.length, keyId + 1));
      grown.set(this.announced);
      this.announced = grown;
    }
    this.announced[keyId] = this.keys.get(processor, venue, symbol, name) + 1;
  }

  writeKeyed(tsUs: number, keyId: number, value: number): void {
    const id = (this.announced[keyId] ?? 0) - 1;
    if (id < 0) throw new TickbenchError('internal', `series row with key ${keyId}, never announced`);
    this.row(tsUs, id, value);
  }

  private row(tsUs: number, key: number, value: number): void {
    const c = this.cols;
    const at = this.fill;
    (c[0] as Float64Array)[at] = tsUs;
    (c[1] as Float64Array)[at] = key;
    (c[2] as Float64Array)[at] = value;
    this.fill = at + 1;
    if (this.fill === GROUP_ROWS) {
      this.writer.appendRowGroup(c, GROUP_ROWS);
      this.fill = 0;
    }
  }

  /** Writes the buffered rows and the staging file's footer. */
  finish(): void {
    this.writer.appendRowGroup(this.cols, this.fill);
    this.fill = 0;
    this.writer.close();
  }

  /**
   * Writes the series to `target` as Parquet (zstd): `ts_us` BIGINT, the four text columns,
   * `value` DOUBLE (NaN kept), rows in the order they were written (DuckDB keeps a scan's
   * order, `preserve_insertion_order` being on by default). Call after `finish`.
   */
  async copyTo(conn: DuckDBConnection, target: string): Promise<void> {
    const [processors, venues, symbols, names] = this.fields;
    const pick = (texts: readonly string[]): string =>
      `list_extract(${sqlList(texts)}, CAST(key AS INTEGER) + 1)`;
    await conn.run(
      `COPY (SELECT CAST(ts_us AS BIGINT) AS ts_us, ${pick(processors)} AS processor, ` +
        `${pick(venues)} AS venue, ${pick(symbols)} AS symbol, ${pick(names)} AS name, value ` +
        `FROM read_parquet(${sqlString(this.path)})) ` +
        `TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  }
}
