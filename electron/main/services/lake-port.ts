/**
 * The part of the engine's lake service the shell uses. Declared here so that the shell depends
 * on a narrow port, not on the whole `Lake` class; the real `Lake` satisfies it structurally.
 */
import type {
  DatasetInfo,
  ImportOptions,
  ImportResult,
  QueryResult,
  RejectedRow,
} from '../../../engine/lake/node/lake-types';

export interface LakePort {
  readonly workspace: string;
  importFiles(paths: readonly string[], options?: ImportOptions): Promise<ImportResult>;
  listDatasets(): Promise<DatasetInfo[]>;
  getDataset(name: string): Promise<DatasetInfo>;
  rejectedRows(name: string, limit: number): Promise<RejectedRow[]>;
  query(sql: string, options?: { limit?: number }): Promise<QueryResult>;
  close(): Promise<void>;
}

/** Opens (creating if needed) the lake of the workspace the caller chose. */
export type LakeOpener = () => Promise<LakePort>;
