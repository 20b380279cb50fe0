import type { DatasetInfo, ImportedFile, ImportFormat, SkippedFile } from './lake-types';
import type { StagingArea } from './staging';

/** One source file of an import, after reading. */
export interface SourceFile extends ImportedFile {
  /** Index in the import's file list. */
  readonly fileIndex: number;
  readonly format: ImportFormat;
}

/** A dataset ready to be committed: its Parquet files are written, its catalog rows are not. */
export interface PendingDataset extends Pick<
  DatasetInfo,
  | 'name'
  | 'kind'
  | 'venue'
  | 'symbol'
  | 'rows'
  | 'rejected'
  | 'duplicates'
  | 'firstTsUs'
  | 'lastTsUs'
  | 'format'
  | 'quality'
> {
  /** Parquet paths relative to the workspace, in time order. */
  readonly files: readonly string[];
  readonly sources: readonly SourceFile[];
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
