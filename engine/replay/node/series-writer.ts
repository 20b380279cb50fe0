import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TickbenchError } from '../../core/errors';
import type { SeriesSink } from '../../kernel/series-sink';
import { StagedSeries } from './staged-series';

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
 * Writes the emitted series of a replay to `path`, under a temporary name until
 * {@link SeriesOutput.commit} moves it into place; {@link SeriesOutput.discard} removes it:
 * readers never see half a file.
 * - CSV: one line per value, numbers as JavaScript's `String()` writes them (shortest
 *   round-trip: parsing gives the same bits back, so the replay's `outputHash` can be
 *   recomputed from the file). Fields are written as they are (processor labels and series
 *   names never contain commas).
 * - Parquet: staged as numbers (`StagedSeries`), then written by DuckDB; no text on the way.
 */
export class SeriesOutput implements SeriesSink {
  private fd: number | undefined;
  private readonly tmp: string;
  private text = '';
  private n = 0;
  private readonly staged: StagedSeries | undefined;

  /** @param path the final file (.csv or .parquet) */
  constructor(readonly path: string) {
    const tag = randomBytes(4).toString('hex');
    if (seriesFormatOf(path) === 'parquet') {
      this.tmp = `${path}.tmp-${tag}.staged.parquet`;
      this.staged = new StagedSeries(this.tmp);
    } else {
      this.tmp = `${path}.tmp-${tag}.csv`;
      this.fd = openSync(this.tmp, 'w');
      this.text = SERIES_CSV_HEADER;
    }
  }

  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void {
    this.n++;
    if (this.staged !== undefined) {
      this.staged.write(tsUs, processor, venue, symbol, name, value);
      return;
    }
    this.text += `${tsUs},${processor},${venue},${symbol},${name},${value}\n`;
    if (this.text.length >= FLUSH_CHARS) this.flush();
  }

  /** Rows written. */
  get rows(): number {
    return this.n;
  }

  /**
   * Finishes the file: renames the CSV into place, or has DuckDB (`conn`) write the Parquet
   * file from the staged rows. Returns the bytes of the final file.
   */
  async commit(conn?: DuckDBConnection): Promise<number> {
    const path = this.path;
    const tmp = this.tmp;
    this.flush();
    this.closeFile();
    try {
      if (this.staged === undefined) {
        renameSync(tmp, path);
      } else {
        if (conn === undefined)
          throw new TickbenchError('internal', 'Parquet output needs a DuckDB connection');
        this.staged.finish();
        const pq = `${path}.tmp-${randomBytes(4).toString('hex')}`;
        try {
          await this.staged.copyTo(conn, pq);
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
