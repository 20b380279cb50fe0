/**
 * Plain-data shapes that cross the IPC boundary. The lake's shapes are the engine's own pure
 * types (engine/lake/lake-types.ts); the contract adds what only transports need.
 */
import type { DatasetInfo, LatencyStats, QualitySummary, RejectedRow } from '../../engine/lake/lake-types';

/** Feed latency statistics in µs. */
export type LatencyDto = LatencyStats;

/** The data-quality report of a dataset. */
export type QualityDto = QualitySummary;

/** One row of the datasets table. */
export type DatasetSummary = Omit<DatasetInfo, 'sourceFiles' | 'quality'>;

/** A dataset with its sources and quality report. */
export type DatasetDetail = DatasetInfo;

export type RejectedRowDto = RejectedRow;

/** A JSON-safe cell: BIGINT arrives as a number (or a string past 2^53), timestamps as ISO text. */
export type Cell = string | number | boolean | null;

export interface QueryResultDto {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

/** A started background job; its progress and end arrive as `job.progress` / `job.finished` events. */
export interface JobTicket {
  readonly jobId: string;
  readonly kind: JobKind;
}

export type JobKind = 'import' | 'replay' | 'backtest' | 'montecarlo' | 'script';

export interface JobProgressEvent {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly phase: string;
  readonly done: number;
  readonly total: number | null;
}

export type JobOutcome =
  | { readonly status: 'done'; readonly summary: string; readonly datasets: readonly string[] }
  | { readonly status: 'failed'; readonly code: string; readonly message: string }
  | { readonly status: 'cancelled' };

export interface JobFinishedEvent {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly outcome: JobOutcome;
}

/** Replay position while a replay job runs. */
export interface ReplayProgressEvent {
  readonly jobId: string;
  readonly state: 'running' | 'paused' | 'stopped' | 'finished';
  readonly tsUs: number | null;
  readonly events: number;
}

export type ServiceName = 'data' | 'query' | 'replay' | 'backtest' | 'montecarlo' | 'scripts' | 'workspace';

export interface WorkspaceInfo {
  readonly path: string;
  readonly appVersion: string;
  readonly contractVersion: number;
  /** Which front door serves this client. */
  readonly host: 'electron' | 'browser';
  /** Services whose engine part is present; the others answer `not-available`. */
  readonly available: readonly ServiceName[];
}

export interface ScriptInfo {
  readonly name: string;
  readonly bytes: number;
  readonly modifiedAt: string;
}
