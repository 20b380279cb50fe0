import type { Progress } from '../../core/cancel';
import type { DataKind } from '../../model/kinds';
import type { ImportFormat } from '../lake-types';

export * from '../lake-types';

export interface ImportOptions {
  readonly format?: ImportFormat;
  readonly venue?: string;
  readonly symbol?: string;
  /** Dataset name (or prefix when one file yields several datasets). */
  readonly dataset?: string;
  /** Column mapping for generic CSV/Parquet: target column → source column. */
  readonly mapping?: Readonly<Record<string, string>>;
  /** Kind for generic CSV/Parquet (default trades). */
  readonly kind?: DataKind;
  /** Gaps longer than this are listed in the quality report (default 60 s). */
  readonly gapThresholdS?: number;
  readonly onProgress?: (progress: Progress) => void;
  readonly signal?: AbortSignal;
}
