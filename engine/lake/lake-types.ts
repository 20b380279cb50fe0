/**
 * Plain-data types of the lake: pure, so the IPC contract and the renderer can share them.
 * (Import options, which carry an AbortSignal, live in node/lake-types.ts.)
 */
import type { DataKind } from '../model/kinds';

/** Import formats (`--format`); auto-detected when omitted. */
export const IMPORT_FORMATS = [
  'binance-ws',
  'binance-trades',
  'binance-aggtrades',
  'binance-klines',
  'tardis-trades',
  'tardis-quotes',
  'tardis-book-snapshot',
  'tardis-incremental-book',
  'csv',
  'parquet',
  'arrow',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Feed latency (local receive − exchange time) statistics in µs. */
export interface LatencyStats {
  readonly count: number;
  readonly minUs: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
}

/** A gap between consecutive rows longer than the threshold. */
export interface Gap {
  readonly fromTsUs: number;
  readonly toTsUs: number;
  readonly seconds: number;
}

/** The data-quality report of one dataset's import. `rowsRead = accepted + rejected + duplicates`. */
export interface QualitySummary {
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  /** Rejected rows by reason, e.g. `{ "price <= 0": 2 }`. */
  readonly rejectReasons: Readonly<Record<string, number>>;
  /** The unit detected for each timestamp column, e.g. `{ ts_us: "ms", local_ts_us: "ns" }`. */
  readonly timestampUnits: Readonly<Record<string, string>>;
  readonly gapThresholdS: number;
  readonly gaps: readonly Gap[];
  readonly gapCount: number;
  readonly feedLatency: LatencyStats | null;
}

/** A dataset as listed by `tickbench datasets` (the CLI contract fields first). */
export interface DatasetInfo {
  readonly name: string;
  readonly kind: DataKind;
  readonly venue: string;
  readonly symbol: string;
  readonly rows: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly firstTsUs: number | null;
  readonly lastTsUs: number | null;
  readonly format: string;
  /** ISO-8601 UTC time of the import. */
  readonly importedAt: string;
  readonly sourceFiles: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
  readonly quality: QualitySummary;
}

/** A rejected row, kept with its reason. */
export interface RejectedRow {
  readonly file: string;
  /** 1-based line number in the (decompressed) file; for Parquet, the 1-based row number. */
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
}

/** A file that was not imported again because a file with the same sha256 already was. */
export interface SkippedFile {
  readonly path: string;
  readonly sha256: string;
  readonly reason: 'already-imported';
  readonly datasets: readonly string[];
}

/** A file an import read. */
export interface ImportedFile {
  readonly path: string;
  readonly format: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Lines (text formats) or rows (Parquet, Arrow) read. */
  readonly lines: number;
  /** Valid messages of types Tickbench does not import (e.g. REST depth snapshots in a capture). */
  readonly ignoredMessages: number;
}

export interface ImportResult {
  readonly datasets: readonly DatasetInfo[];
  readonly skipped: readonly SkippedFile[];
  readonly files: readonly ImportedFile[];
}

/** Tabular query result: column names and rows of plain JSON values (BIGINT → number). */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** True when `limit` cut the result. */
  readonly truncated: boolean;
}
