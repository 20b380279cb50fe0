/**
 * The IPC contract: one interface per service, one argument schema per method, and the events.
 * Both transports (Electron IPC and the browser-mode WebSocket) carry exactly this, and the
 * preload exposes exactly this; adding a method here is the only way to add one anywhere.
 *
 * Every method takes at most one plain-object argument, so that a schema can validate it whole
 * and the wire format is the same for both transports.
 */
import { IMPORT_FORMATS as LAKE_IMPORT_FORMATS } from '../../engine/lake/lake-types';
import type {
  DatasetDetail,
  DatasetSummary,
  JobFinishedEvent,
  JobProgressEvent,
  JobTicket,
  QueryResultDto,
  RejectedRowDto,
  ReplayProgressEvent,
  ScriptInfo,
  WorkspaceInfo,
} from './dto';
import { v, type Validator } from './validate';

/** Bumped on any incompatible change of the contract. */
export const CONTRACT_VERSION = 1;

/** Most rows a query returns (the UI shows tables, not bulk data; exports go through the CLI). */
export const MAX_QUERY_ROWS = 100_000;

// The lake's own list: a format the importer knows is a format the contract accepts.
const IMPORT_FORMATS = LAKE_IMPORT_FORMATS;

const datasetName = v.string({ min: 1, max: 200 });
const jobId = v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, hint: 'a job id' });
const identifier = v.string({ min: 1, max: 64 });

export interface ImportArgs {
  readonly paths: readonly string[];
  readonly format?: (typeof IMPORT_FORMATS)[number];
  readonly venue?: string;
  readonly symbol?: string;
  readonly dataset?: string;
}

/** Datasets in the lake: list, inspect, import. */
export interface DataService {
  listDatasets(): Promise<readonly DatasetSummary[]>;
  getDataset(args: { readonly name: string }): Promise<DatasetDetail>;
  rejectedRows(args: { readonly name: string; readonly limit: number }): Promise<readonly RejectedRowDto[]>;
  /** Starts an import job; progress and the result arrive as events. */
  importFiles(args: ImportArgs): Promise<JobTicket>;
  /** Cancels any running job (imports, replays, …); `false` when it had already ended. */
  cancelJob(args: { readonly jobId: string }): Promise<{ readonly cancelled: boolean }>;
}

/** SQL over the lake's views and catalog tables. */
export interface QueryService {
  run(args: { readonly sql: string; readonly limit: number }): Promise<QueryResultDto>;
}

export interface ReplayStartArgs {
  readonly datasets: readonly string[];
  readonly fromTsUs?: number;
  readonly toTsUs?: number;
  /** `0` = as fast as possible, else a multiple of real time. */
  readonly speed: number;
  readonly processors?: readonly string[];
}

/** Tick replay through the kernel, controlled while it runs. */
export interface ReplayService {
  start(args: ReplayStartArgs): Promise<JobTicket>;
  pause(args: { readonly jobId: string }): Promise<void>;
  resume(args: { readonly jobId: string }): Promise<void>;
  step(args: { readonly jobId: string; readonly events: number }): Promise<void>;
  seek(args: { readonly jobId: string; readonly tsUs: number }): Promise<void>;
  stop(args: { readonly jobId: string }): Promise<void>;
}

export interface BacktestService {
  run(args: {
    readonly strategy: string;
    readonly datasets: readonly string[];
    readonly params: Readonly<Record<string, string | number>>;
    readonly seed: number;
  }): Promise<JobTicket>;
}

export interface MonteCarloService {
  run(args: { readonly spec: string; readonly paths: number; readonly seed: number }): Promise<JobTicket>;
}

/** User scripts (strategies, research notebooks) kept in the workspace. */
export interface ScriptsService {
  list(): Promise<readonly ScriptInfo[]>;
  read(args: { readonly name: string }): Promise<{ readonly source: string }>;
  save(args: { readonly name: string; readonly source: string }): Promise<ScriptInfo>;
}

export interface WorkspaceService {
  info(): Promise<WorkspaceInfo>;
  path(): Promise<{ readonly path: string }>;
}

/** The whole API as the renderer sees it (and as the main process implements it). */
export interface TickbenchApi {
  readonly data: DataService;
  readonly query: QueryService;
  readonly replay: ReplayService;
  readonly backtest: BacktestService;
  readonly montecarlo: MonteCarloService;
  readonly scripts: ScriptsService;
  readonly workspace: WorkspaceService;
}

/** Events pushed from the engine to every connected client. */
export interface EventMap {
  'job.progress': JobProgressEvent;
  'job.finished': JobFinishedEvent;
  'replay.progress': ReplayProgressEvent;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['job.progress', 'job.finished', 'replay.progress'];

export type ServiceKey = keyof TickbenchApi;
/** The argument of a method (`undefined` for methods without one). */
export type ArgsOf<F> = F extends (...args: infer P) => Promise<unknown>
  ? P extends [infer A]
    ? A
    : undefined
  : never;
/** The resolved result of a method. */
export type ResultOf<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

/** One schema per method, typed so that a schema cannot drift from its method's argument. */
export type Schemas = {
  readonly [S in ServiceKey]: {
    readonly [M in keyof TickbenchApi[S]]-?: Validator<ArgsOf<TickbenchApi[S][M]>>;
  };
};

export const SCHEMAS: Schemas = {
  data: {
    listDatasets: v.none(),
    getDataset: v.object({ name: datasetName }),
    rejectedRows: v.object({ name: datasetName, limit: v.int({ min: 1, max: 10_000 }) }),
    importFiles: v.object({
      paths: v.array(v.string({ min: 1, max: 4096 }), { min: 1, max: 1000 }),
      format: v.optional(v.literal(...IMPORT_FORMATS)),
      venue: v.optional(identifier),
      symbol: v.optional(identifier),
      dataset: v.optional(datasetName),
    }),
    cancelJob: v.object({ jobId }),
  },
  query: {
    run: v.object({ sql: v.string({ min: 1, max: 100_000 }), limit: v.int({ min: 1, max: MAX_QUERY_ROWS }) }),
  },
  replay: {
    start: v.object({
      datasets: v.array(datasetName, { min: 1, max: 100 }),
      fromTsUs: v.optional(v.int({ min: 0, max: Number.MAX_SAFE_INTEGER })),
      toTsUs: v.optional(v.int({ min: 0, max: Number.MAX_SAFE_INTEGER })),
      speed: v.number({ min: 0, max: 1_000_000 }),
      processors: v.optional(v.array(identifier, { max: 100 })),
    }),
    pause: v.object({ jobId }),
    resume: v.object({ jobId }),
    step: v.object({ jobId, events: v.int({ min: 1, max: 1_000_000 }) }),
    seek: v.object({ jobId, tsUs: v.int({ min: 0, max: Number.MAX_SAFE_INTEGER }) }),
    stop: v.object({ jobId }),
  },
  backtest: {
    run: v.object({
      strategy: v.string({ min: 1, max: 4096 }),
      datasets: v.array(datasetName, { min: 1, max: 100 }),
      params: v.record(v.union(v.string({ max: 1000 }), v.number())),
      seed: v.int({ min: 0, max: 2 ** 32 - 1 }),
    }),
  },
  montecarlo: {
    run: v.object({
      spec: v.string({ min: 2, max: 1_000_000 }),
      paths: v.int({ min: 1, max: 10_000_000 }),
      seed: v.int({ min: 0, max: 2 ** 32 - 1 }),
    }),
  },
  scripts: {
    list: v.none(),
    read: v.object({
      name: v.string({ min: 1, max: 200, pattern: /^[\w.-]+\.ts$/, hint: 'a file name like my-strategy.ts' }),
    }),
    save: v.object({
      name: v.string({ min: 1, max: 200, pattern: /^[\w.-]+\.ts$/, hint: 'a file name like my-strategy.ts' }),
      source: v.string({ max: 2_000_000 }),
    }),
  },
  workspace: {
    info: v.none(),
    path: v.none(),
  },
};

/** A method's wire name, `service.method`. */
export type MethodName = {
  [S in ServiceKey]: `${S}.${Extract<keyof TickbenchApi[S], string>}`;
}[ServiceKey];

/** Every method of the contract, in `service.method` form, generated from the schemas. */
export const METHOD_NAMES: readonly MethodName[] = Object.entries(SCHEMAS).flatMap(([service, methods]) =>
  // The keys come from `Schemas`, which lists exactly the contract's services and methods.
  Object.keys(methods).map((method) => `${service}.${method}` as MethodName),
);

/** Splits a wire name into service and method, or `undefined` when it is not in the contract. */
export function parseMethodName(
  name: unknown,
):
  { readonly service: ServiceKey; readonly method: string; readonly schema: Validator<unknown> } | undefined {
  if (typeof name !== 'string' || !(METHOD_NAMES as readonly string[]).includes(name)) return undefined;
  const dot = name.indexOf('.');
  const service = name.slice(0, dot) as ServiceKey;
  const method = name.slice(dot + 1);
  const schemas: Readonly<Record<string, Validator<unknown>>> = SCHEMAS[service];
  const schema = schemas[method];
  return schema === undefined ? undefined : { service, method, schema };
}
