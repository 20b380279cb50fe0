/**
 * Plain-data shapes that cross the IPC boundary. They mirror the engine's types but are declared
 * here so the contract does not depend on engine/**\/node (the renderer must not see it); the
 * router maps engine values onto them, and the compiler checks that mapping.
 */
import type { DataKind } from '../../engine/model/kinds';

/** Feed latency statistics in µs. */
export interface LatencyDto {
  readonly count: number;
  readonly minUs: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
}

/** The data-quality report of a dataset. */
export interface QualityDto {
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  readonly rejectReasons: Readonly<Record<string, number>>;
  readonly timestampUnits: Readonly<Record<string, string>>;
  readonly gapThresholdS: number;
  readonly gaps: readonly { readonly fromTsUs: number; readonly toTsUs: number; readonly seconds: number }[];
  readonly gapCount: number;
  readonly feedLatency: LatencyDto | null;
}

/** One row of the datasets table. */
export interface DatasetSummary {
  readonly name: string;
  readonly kind: DataKind;
  readonly venue: string;
  readonly symbol: string;
  readonly rows: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** µs since the epoch, UTC. */
  readonly firstTsUs: number | null;
  readonly lastTsUs: number | null;
  readonly format: string;
  readonly importedAt: string;
}

/** A dataset with its sources and quality report. */
export interface DatasetDetail extends DatasetSummary {
  readonly sourceFiles: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
  readonly quality: QualityDto;
}

export interface RejectedRowDto {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
}

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
