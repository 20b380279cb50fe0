import type { DataKind } from '../../model/kinds';
import type { ImportFormat, QualitySummary, SkippedFile } from './lake-types';
import type { StagingArea } from './staging';

/** One source file of an import, after reading. */
export interface SourceFile {
  /** Index in the import's file list. */
  readonly fileIndex: number;
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly format: ImportFormat;
  readonly lines: number;
  readonly ignoredMessages: number;
}

/** A dataset ready to be committed: its Parquet files are written, its catalog rows are not. */
export interface PendingDataset {
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
  /** Parquet paths relative to the workspace, in time order. */
  readonly files: readonly string[];
  readonly sources: readonly SourceFile[];
  readonly quality: QualitySummary;
  readonly stream: number;
  readonly area: StagingArea;
}

export interface StagedImport {
  readonly importId: string;
  readonly datasets: PendingDataset[];
  readonly skipped: SkippedFile[];
  readonly sources: SourceFile[];
  readonly stagingCatalog: string;
  readonly areas: StagingArea[];
  /** Parquet files written (absolute), removed if the import fails before commit. */
  readonly written: string[];
}
