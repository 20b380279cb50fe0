import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TickbenchError } from '../../core/errors';
import { sqlString } from '../../lake/node/sql';
import type { SeriesSink } from '../../kernel/series-sink';
import { SeriesHasher } from '../series-hash';

/** Header of the emitted-series CSV; body lines are the canonical form `SeriesHasher` hashes. */
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
 * Receives the emitted series of a replay: hashes every row (the replay's `outputHash`) and,
 * with a path, streams the rows to a CSV file whose body lines are exactly the hashed lines —
 * so `outputHash` is the FNV-1a 64 of the file minus its header line. The file is written under
 * a temporary name; {@link SeriesOutput.commit} moves it into place (or converts it to Parquet
 * through DuckDB), {@link SeriesOutput.discard} removes it: readers never see half a file.
 *
 * Fields are written as they are (processor labels and series names never contain commas).
 */
export class SeriesOutput implements SeriesSink {
  readonly hasher = new SeriesHasher();
  private fd: number | undefined;
  private readonly tmp: string | undefined;
  private text = '';

  /** @param path the final file (.csv or .parquet), or undefined to only hash */
  constructor(readonly path?: string) {
    if (path === undefined) return;
    seriesFormatOf(path);
    this.tmp = `${path}.tmp-${randomBytes(4).toString('hex')}.csv`;
    this.fd = openSync(this.tmp, 'w');
    this.text = SERIES_CSV_HEADER;
  }

  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void {
    const line = `${tsUs},${processor},${venue},${symbol},${name},${value}\n`;
    this.hasher.line(line);
    if (this.fd === undefined) return;
    this.text += line;
    if (this.text.length >= FLUSH_CHARS) this.flush();
  }

  /** Rows written (and hashed). */
  get rows(): number {
    return this.hasher.rows;
  }

  /**
   * Finishes the file: renames the CSV into place, or converts it to Parquet with `conn`.
   * Returns the bytes of the final file (0 without a path).
   */
  async commit(conn?: DuckDBConnection): Promise<number> {
    const path = this.path;
    const tmp = this.tmp;
    if (path === undefined || tmp === undefined) return 0;
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
    if (this.tmp !== undefined && existsSync(this.tmp)) rmSync(this.tmp, { force: true });
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
