import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TickbenchError } from '../../core/errors';
import type { SeriesSink } from '../../kernel/series-sink';
import { SeriesCsvFile } from './series-csv';
import { StagedSeries } from './staged-series';

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

/**
 * Writes the emitted series of a replay to `path`, under a temporary name until
 * {@link SeriesOutput.commit} moves it into place; {@link SeriesOutput.discard} removes it:
 * readers never see half a file.
 * - CSV (`SeriesCsvFile`): one line per value, numbers as JavaScript's `String()` writes them
 *   (shortest round-trip: parsing gives the same bits back, so the replay's `outputHash` can be
 *   recomputed from the file). Fields are written as they are (processor labels and series
 *   names never contain commas).
 * - Parquet: staged as numbers (`StagedSeries`), then written by DuckDB; no text on the way.
 */
export class SeriesOutput implements SeriesSink {
  private readonly tmp: string;
  private readonly csv: SeriesCsvFile | undefined;
  private readonly staged: StagedSeries | undefined;

  /** @param path the final file (.csv or .parquet) */
  constructor(readonly path: string) {
    const tag = randomBytes(4).toString('hex');
    if (seriesFormatOf(path) === 'parquet') {
      this.tmp = `${path}.tmp-${tag}.staged.parquet`;
      this.staged = new StagedSeries(this.tmp);
    } else {
      this.tmp = `${path}.tmp-${tag}.csv`;
      this.csv = new SeriesCsvFile(this.tmp);
    }
  }

  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void {
    if (this.staged !== undefined) this.staged.write(tsUs, processor, venue, symbol, name, value);
    else this.csv?.write(tsUs, processor, venue, symbol, name, value);
  }

  defineKey(keyId: number, processor: string, venue: string, symbol: string, name: string): void {
    if (this.staged !== undefined) this.staged.defineKey(keyId, processor, venue, symbol, name);
    else this.csv?.defineKey(keyId, processor, venue, symbol, name);
  }

  writeKeyed(tsUs: number, keyId: number, value: number): void {
    if (this.staged !== undefined) this.staged.writeKeyed(tsUs, keyId, value);
    else this.csv?.writeKeyed(tsUs, keyId, value);
  }

  /**
   * Finishes the file: renames the CSV into place, or has DuckDB (`conn`) write the Parquet
   * file from the staged rows. Returns the bytes of the final file.
   */
  async commit(conn?: DuckDBConnection): Promise<number> {
    const path = this.path;
    const tmp = this.tmp;
    this.csv?.close();
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
    this.csv?.drop();
    if (existsSync(this.tmp)) rmSync(this.tmp, { force: true });
  }
}
