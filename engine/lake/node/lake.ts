import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { TickbenchError, errorMessage } from '../../core/errors';
import { collectGarbage, createSchema, datasetFiles, readDatasets, refreshViews } from './catalog';
import { commitImport } from './commit';
import { openDuck, queryObjects, toPlain, str } from './duck';
import { discardStaging, newStagedImport, stageImport } from './importer';
import type { DatasetInfo, ImportOptions, ImportResult, QueryResult, RejectedRow } from './lake-types';

/** Statements `query` accepts: reading only, so a UI query box cannot damage the catalog. */
const READ_ONLY =
  /^\s*(\(?\s*select|with|from|describe|show|summarize|explain|pragma\s+(table_info|show)|values)\b/i;

export interface LakeOpenOptions {
  /** Folder of demo files to import when the workspace is created (first run). */
  readonly demoDir?: string | undefined;
}

/**
 * The local lakehouse of one workspace: `catalog.duckdb` plus Hive-partitioned Parquet under
 * `lake/`. One Lake per process owns the catalog (DuckDB allows one writer); calls are
 * serialised on its connection.
 */
export class Lake {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly workspace: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** Opens (creating) a workspace; cleans what an interrupted import left; imports the demo on creation. */
  static async open(workspace: string, options: LakeOpenOptions = {}): Promise<Lake> {
    const dir = resolve(workspace);
    const fresh = !existsSync(join(dir, 'catalog.duckdb'));
    mkdirSync(join(dir, 'lake'), { recursive: true });
    const instance = await openDuck(join(dir, 'catalog.duckdb'));
    const conn = await instance.connect();
    await conn.run(`SET temp_directory = '${join(dir, '.staging', 'spill').replace(/'/g, "''")}'`);
    await createSchema(conn);
    await collectGarbage(conn, dir);
    await refreshViews(conn, dir);
    const lake = new Lake(dir, instance, conn);
    if (fresh && options.demoDir !== undefined && existsSync(options.demoDir)) {
      const files = readdirSync(options.demoDir)
        .filter((f) => /\.(csv|gz|parquet)$/.test(f))
        .sort()
        .map((f) => join(options.demoDir ?? '', f));
      // One import per file: each sample becomes its own datasets, even for the same instrument.
      for (const f of files) await lake.importFiles([f]);
    }
    return lake;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Imports files atomically: all datasets of the call appear together, or none does. */
  importFiles(paths: readonly string[], options: ImportOptions = {}): Promise<ImportResult> {
    return this.serial(async () => {
      if (paths.length === 0)
        throw new TickbenchError('invalid-argument', 'import: no files given; allowed one or more paths');
      const resolved = paths.map((p) => resolve(p));
      for (const p of resolved) {
        if (!existsSync(p)) throw new TickbenchError('not-found', `${p}: no such file`);
      }
      const staged = newStagedImport();
      let committed = false;
      try {
        await stageImport(this.conn, this.workspace, resolved, options, staged, () =>
          this.instance.connect(),
        );
        if (options.signal?.aborted === true) throw new TickbenchError('cancelled', 'import was cancelled');
        if (staged.datasets.length > 0) {
          await commitImport(this.conn, staged);
          committed = true;
          await refreshViews(this.conn, this.workspace);
        }
      } finally {
        await discardStaging(this.conn, this.workspace, staged, !committed);
      }
      const datasets = await readDatasets(
        this.conn,
        staged.datasets.map((d) => d.name),
      );
      const files = staged.sources.map(({ fileIndex: _, ...file }) => file);
      return { datasets, skipped: staged.skipped, files };
    });
  }

  listDatasets(): Promise<DatasetInfo[]> {
    return this.serial(() => readDatasets(this.conn));
  }

  getDataset(name: string): Promise<DatasetInfo> {
    return this.serial(async () => {
      const found = await readDatasets(this.conn, [name]);
      const d = found[0];
      if (d === undefined) datasetNotFound(name);
      return d;
    });
  }

  /** The Parquet files (absolute paths, time order) of a dataset. */
  datasetFiles(name: string): Promise<string[]> {
    return this.serial(() => datasetFiles(this.conn, this.workspace, [name]).then((m) => m.get(name) ?? []));
  }

  /**
   * Several datasets with their Parquet files, in the order asked, in two catalog queries
   * (a replay plans all its streams at once). Throws `not-found` naming the first unknown one.
   */
  datasetsWithFiles(names: readonly string[]): Promise<{ info: DatasetInfo; files: string[] }[]> {
    return this.serial(async () => {
      if (names.length === 0) return [];
      const infos = new Map((await readDatasets(this.conn, names)).map((d) => [d.name, d]));
      const files = await datasetFiles(this.conn, this.workspace, names);
      return names.map((name) => {
        const info = infos.get(name);
        if (info === undefined) datasetNotFound(name);
        return { info, files: files.get(name) ?? [] };
      });
    });
  }

  /** Rejected rows of a dataset, in file and line order. */
  rejectedRows(name: string, limit: number): Promise<RejectedRow[]> {
    return this.serial(async () => {
      const rows = await queryObjects(
        this.conn,
        'SELECT file, line, reason, raw FROM rejects WHERE dataset = $1 ORDER BY file, line LIMIT $2',
        [name, limit],
      );
      return rows.map((r) => ({
        file: str(r.file),
        line: Number(r.line),
        reason: str(r.reason),
        raw: str(r.raw),
      }));
    });
  }

  /** Runs a read-only SQL statement over the views and catalog tables. */
  query(sql: string, options: { limit?: number } = {}): Promise<QueryResult> {
    return this.serial(async () => {
      if (!READ_ONLY.test(sql)) {
        throw new TickbenchError(
          'invalid-argument',
          `query: only read-only statements are allowed (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN); received ${JSON.stringify(sql.slice(0, 60))}`,
        );
      }
      const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
      try {
        const reader = await this.conn.streamAndReadUntil(
          sql,
          limit === Number.MAX_SAFE_INTEGER ? limit : limit + 1,
        );
        const columns = reader.columnNames();
        const all = reader.getRows();
        const rows = all.slice(0, limit).map((r) => r.map((v) => toPlain(v)));
        return { columns, rows, truncated: all.length > limit };
      } catch (error) {
        throw new TickbenchError('bad-input', `query failed: ${errorMessage(error).split('\n')[0] ?? ''}`);
      }
    });
  }

  /** Runs work on the lake's connection, serialised with every other call (exporters, bars). */
  withConnection<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.serial(() => work(this.conn));
  }

  /** A second connection for long streaming reads that must not block the queue (replay). */
  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  close(): Promise<void> {
    return this.serial(() => {
      this.conn.closeSync();
      this.instance.closeSync();
      return Promise.resolve();
    });
  }
}

function datasetNotFound(name: string): never {
  throw new TickbenchError('not-found', `dataset ${JSON.stringify(name)} not found`);
}
