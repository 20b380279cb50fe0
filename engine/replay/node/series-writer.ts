import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TickbenchError } from '../../core/errors';
import { sqlString } from '../../lake/node/sql';
import type { SeriesSink } from '../../kernel/series-sink';

/** Header of the emitted-series CSV: one row per emitted value. */
export const SERIES_CSV_HEADER = 'ts_us,processor,venue,symbol,name,value\n';

/** Output formats of `tickbench replay --out`, by extension. */
export type SeriesFormat = 'csv' | 'parquet';

export function seriesFormatOf(path: string): SeriesFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.parquet') return 'parquet';
  throw new TickbenchError(
    'usage',
    `--out ${JSON.stringify(path)}: unknown extension ${JSON.stringify(ext)}; allowed .csv, .parquet`,
  );
}

/** Bytes of text buffered before a write to the file. */
const FLUSH_CHARS = 1 << 20;

/**
 * Writes the emitted series of a replay to a CSV file, numbers as JavaScript's `String()`
 * writes them (shortest round-trip: parsing gives the same bits back, so the replay's
 * `outputHash` can be recomputed from the file). The file is written under a temporary name;
 * {@link SeriesOutput.commit} moves it into place (or converts it to Parquet through DuckDB),
 * {@link SeriesOutput.discard} removes it: readers never see half a file.
 *
 * Fields are written as they are (processor labels and series names never contain commas).
 */
export class SeriesOutput implements SeriesSink {
  private fd: number | undefined;
  private readonly tmp: string;
  private text = '';
  private n = 0;

  /** @param path the final file (.csv or .parquet) */
  constructor(readonly path: string) {
    seriesFormatOf(path);
    this.tmp = `${path}.tmp-${randomBytes(4).toString('hex')}.csv`;
    this.fd = openSync(this.tmp, 'w');
    this.text = SERIES_CSV_HEADER;
  }

  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void {
    this.n++;
    this.text += `${tsUs},${processor},${venue},${symbol},${name},${value}\n`;
    if (this.text.length >= FLUSH_CHARS) this.flush();
  }

  /** Rows written. */
  get rows(): number {
    return this.n;
  }

  /**
   * Finishes the file: renames the CSV into place, or converts it to Parquet with `conn`.
   * Returns the bytes of the final file.
   */
  async commit(conn?: DuckDBConnection): Promise<number> {
    const path = this.path;
    const tmp = this.tmp;
    this.flush();
    this.closeFile();
    try {
      if (seriesFormatOf(path) === 'csv') {
        renameSync(tmp, path);
      } else {
        if (conn === undefined)
          throw new TickbenchError('internal', 'Parquet output needs a DuckDB connection');
        const pq = `${path}.tmp-${randomBytes(4).toString('hex')}`;
        try {
          await conn.run(
            `COPY (SELECT * FROM read_csv(${sqlString(tmp)}, header = true, delim = ',', quote = '', ` +
              `columns = {'ts_us': 'BIGINT', 'processor': 'VARCHAR', 'venue': 'VARCHAR', ` +
              `'symbol': 'VARCHAR', 'name': 'VARCHAR', 'value': 'DOUBLE'})) ` +
              `TO ${sqlString(pq)} (FORMAT parquet, COMPRESSION zstd)`,
          );
          renameSync(pq, path);
        } finally {
          if (existsSync(pq)) rmSync(pq, { force: true });
        }
      }
    } finally {
      if (existsSync(tmp)) rmSync(tmp, { force: true });
    }
    return statSync(path).size;
  }

  /** Drops the temporary file (a stopped or failed run leaves no output). */
  discard(): void {
    this.closeFile();
    if (existsSync(this.tmp)) rmSync(this.tmp, { force: true });
  }

  private flush(): void {
    if (this.fd === undefined || this.text === '') return;
    writeSync(this.fd, this.text);
    this.text = '';
  }

  private closeFile(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
