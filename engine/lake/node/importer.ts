import { randomBytes, createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CancelledError, TickbenchError, errorMessage } from '../../core/errors';
import type { DataKind } from '../../model/kinds';
import { writeDatasets } from './dataset-writer';
import { queryNumber, queryObjects, str } from './duck';
import { detectFormat } from './formats/detect';
import type { ParseTarget } from './formats/parser';
import type { ImportFormat, ImportOptions } from './lake-types';
import { isGzipFile, readLines, type LineReadResult } from './line-reader';
import { parseThreadCount, readLinesParallel, worthThreads } from './parallel-lines';
import { parseWorkerUrl } from './parse-pool';
import { isBlockLineParser } from './formats/parser';
import { lineParserFor } from './parsers';
import { StagingArea } from './staging';
import { sqlIdent } from './sql';
import type { StagedImport } from './staged-import';
import { readArrowRows, readParquetRows } from './table-sources';

export type { PendingDataset, SourceFile, StagedImport } from './staged-import';

/** A new import id: sortable by time, unique. (Node layer: ambient time is fine here.) */
export function newImportId(): string {
  const t = new Date()
    .toISOString()
    .replace(/[-:T.Z]/g, '')
    .slice(0, 14);
  return `${t}-${randomBytes(4).toString('hex')}`;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Files already in the catalog with this size and hash (a size match first avoids hashing twice). */
async function alreadyImported(
  conn: DuckDBConnection,
  path: string,
  seen: Map<string, string[]>,
): Promise<{ sha256: string; datasets: string[] } | null> {
  const bytes = statSync(path).size;
  const sameSize = await queryNumber(conn, 'SELECT count(*) FROM source_files WHERE bytes = $1', [bytes]);
  const inThisImport = [...seen.keys()].some((k) => k.startsWith(`${bytes}:`));
  if (sameSize === 0 && !inThisImport) return null;
  const sha256 = await sha256Of(path);
  const local = seen.get(`${bytes}:${sha256}`);
  if (local !== undefined) return { sha256, datasets: local };
  const rows = await queryObjects(
    conn,
    'SELECT DISTINCT dataset FROM source_files WHERE sha256 = $1 ORDER BY dataset',
    [sha256],
  );
  return rows.length > 0 ? { sha256, datasets: rows.map((r) => str(r.dataset)) } : null;
}

/**
 * Reads every file into staging tables (in a scratch DuckDB database attached for this import),
 * then writes each dataset's Parquet files. Nothing is visible until `commitImport`.
 */
export async function stageImport(
  conn: DuckDBConnection,
  workspace: string,
  paths: readonly string[],
  options: ImportOptions,
  staged: StagedImport,
  connect?: () => Promise<DuckDBConnection>,
): Promise<void> {
  const { stagingCatalog } = staged;
  // Staged rows go to Parquet files in the import's own folder (removed when the import ends,
  // or by the garbage collection of the next open after a crash); the in-memory scratch
  // database holds only the rejects and the writer's small temporary tables.
  const stagingDir = stagingDirOf(workspace, staged);
  mkdirSync(stagingDir, { recursive: true });
  await conn.run(`ATTACH ':memory:' AS ${sqlIdent(stagingCatalog)}`);
  const gapThresholdUs = (options.gapThresholdS ?? 60) * 1e6;
  const areas = new Map<DataKind, StagingArea>();
  const areaFor = (kind: DataKind): StagingArea => {
    let a = areas.get(kind);
    if (a === undefined) {
      a = new StagingArea(kind, stagingDir, stagingCatalog, `rows_${kind}`, gapThresholdUs);
      areas.set(kind, a);
    }
    return a;
  };
  const totalBytes = paths.reduce((s, p) => s + statSync(p).size, 0);
  let doneBytes = 0;
  const seen = new Map<string, string[]>();
  const fileFormats: ImportFormat[] = [];
  for (const [fileIndex, path] of paths.entries()) {
    if (options.signal?.aborted === true) throw new CancelledError('import');
    const dup = await alreadyImported(conn, path, seen);
    if (dup !== null) {
      staged.skipped.push({ path, sha256: dup.sha256, reason: 'already-imported', datasets: dup.datasets });
      doneBytes += statSync(path).size;
      continue;
    }
    const format = options.format ?? (await detectFormat(path));
    fileFormats.push(format);
    for (const kind of kindsOf(format, options.kind)) {
      const a = areaFor(kind);
      if (!staged.areas.includes(a)) staged.areas.push(a);
    }
    for (const a of staged.areas) {
      a.fileIndex = fileIndex;
      a.fileName = path;
    }
    const target: ParseTarget = {
      staging: (kind) => {
        const a = areas.get(kind);
        if (a === undefined) throw new TickbenchError('internal', `no staging area for ${kind}`);
        return a;
      },
      venue: options.venue,
      symbol: options.symbol,
      fileName: basename(path),
      mapping: options.mapping ?? {},
      kind: options.kind,
    };
    let read: LineReadResult;
    let ignoredMessages = 0;
    try {
      if (format === 'parquet') read = await readParquetRows(conn, path, target, options.signal);
      else if (format === 'arrow') read = readArrowRows(path, target);
      else {
        const parser = lineParserFor(format, target);
        const base = doneBytes;
        const readOptions = {
          signal: options.signal,
          onBytes: (done: number) => {
            options.onProgress?.({ phase: `read ${basename(path)}`, done: base + done, total: totalBytes });
          },
        };
        // Plain Tardis lines parse on worker threads when the file is big enough to pay for them
        // (and the bundle has the worker's script); the staged result is the same either way.
        const script = parseWorkerUrl();
        const threads = parseThreadCount();
        if (
          script !== undefined &&
          threads > 0 &&
          FAST_PATH_FORMATS.has(format) &&
          isBlockLineParser(parser) &&
          worthThreads(statSync(path).size, isGzipFile(path))
        )
          read = await readLinesParallel(path, parser, { ...readOptions, scanner: script, threads });
        else
          read = await readLines(
            path,
            (b, s, e, l) => {
              parser.onLine(b, s, e, l);
            },
            readOptions,
          );
        parser.end(read.lines);
        ignoredMessages = parser.ignored;
      }
    } catch (error) {
      if (error instanceof TickbenchError) throw error;
      throw new TickbenchError('bad-input', `${path}: ${errorMessage(error)}`, { cause: error });
    }
    doneBytes += read.bytes;
    seen.set(`${read.bytes}:${read.sha256}`, []);
    staged.sources.push({
      fileIndex,
      path,
      sha256: read.sha256,
      bytes: read.bytes,
      format,
      lines: read.lines,
      ignoredMessages,
    });
  }
  for (const a of staged.areas) a.finish();
  if (staged.sources.length > 0) {
    options.onProgress?.({ phase: 'write parquet', done: 0, total: undefined });
    await writeDatasets(conn, workspace, staged, options, fileFormats, connect);
  }
  // A file given twice in one call is skipped before its datasets have names: name them now.
  staged.skipped.forEach((s, i) => {
    if (s.datasets.length > 0) return;
    const names = staged.datasets
      .filter((d) => d.sources.some((f) => f.sha256 === s.sha256))
      .map((d) => d.name);
    staged.skipped[i] = { ...s, datasets: names };
  });
}

/** A fresh, empty import; the caller keeps it to clean up whatever happens. */
export function newStagedImport(): StagedImport {
  const importId = newImportId();
  return {
    importId,
    datasets: [],
    skipped: [],
    sources: [],
    stagingCatalog: `stg_${importId.replace(/-/g, '_')}`,
    areas: [],
    written: [],
  };
}

/** Formats whose plain lines have the fused fast path (and so the parse threads). */
const FAST_PATH_FORMATS: ReadonlySet<ImportFormat> = new Set(['tardis-trades', 'tardis-quotes']);

/** Staging kinds a format may produce. */
function kindsOf(format: ImportFormat, kind: DataKind | undefined): DataKind[] {
  switch (format) {
    case 'binance-ws':
      return ['trades', 'quotes', 'book'];
    case 'binance-trades':
    case 'binance-aggtrades':
    case 'tardis-trades':
      return ['trades'];
    case 'binance-klines':
      return ['bars'];
    case 'tardis-quotes':
      return ['quotes'];
    case 'tardis-book-snapshot':
    case 'tardis-incremental-book':
      return ['book'];
    case 'csv':
    case 'parquet':
    case 'arrow':
      return kind !== undefined ? [kind] : ['trades', 'quotes', 'book', 'bars'];
  }
}

/** The folder of an import's staging files. */
function stagingDirOf(workspace: string, staged: StagedImport): string {
  return join(workspace, '.staging', staged.importId);
}

/** Removes the scratch database, the staging files and, on failure, the Parquet files an import wrote. */
export async function discardStaging(
  conn: DuckDBConnection,
  workspace: string,
  staged: StagedImport,
  removeWritten: boolean,
): Promise<void> {
  try {
    await conn.run(`DETACH ${sqlIdent(staged.stagingCatalog)}`);
  } catch {
    // Not attached (the import failed before ATTACH): nothing to detach.
  }
  rmSync(stagingDirOf(workspace, staged), { recursive: true, force: true });
  if (removeWritten) for (const f of staged.written) if (existsSync(f)) rmSync(f, { force: true });
}
