import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlIdent, sqlString } from './sql';
import type { StagedImport } from './importer';

/**
 * Makes an import visible in one catalog transaction: datasets, their source files, rejected
 * rows and new symbol ids. Before COMMIT nothing of the import is visible; a crash leaves
 * only unreferenced Parquet files, which the next open removes.
 */
export async function commitImport(conn: DuckDBConnection, staged: StagedImport): Promise<void> {
  const rejectsTable = `${sqlIdent(staged.stagingCatalog)}.main.rejects`;
  await conn.run(
    `CREATE TABLE ${rejectsTable} (dataset VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR, raw VARCHAR)`,
  );
  const appender = await conn.createAppender('rejects', 'main', staged.stagingCatalog);
  for (const area of staged.areas) {
    const names = new Map(staged.datasets.filter((d) => d.area === area).map((d) => [d.stream, d.name]));
    for (const r of area.rejects) {
      const ds = names.get(r.stream);
      if (ds === undefined) appender.appendNull();
      else appender.appendVarchar(ds);
      appender.appendVarchar(r.file);
      appender.appendBigInt(BigInt(r.line));
      appender.appendVarchar(r.reason);
      appender.appendVarchar(r.raw);
      appender.endRow();
    }
  }
  appender.closeSync();
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const d of staged.datasets) {
      await conn.run(
        `INSERT INTO datasets VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $12::JSON::VARCHAR[], $13::JSON, $14::JSON)`,
        [
          d.name,
          d.kind,
          d.venue,
          d.symbol,
          d.rows,
          d.rejected,
          d.duplicates,
          d.firstTsUs,
          d.lastTsUs,
          d.format,
          staged.importId,
          JSON.stringify(d.files),
          JSON.stringify(d.sources.map((s) => ({ path: s.path, sha256: s.sha256, bytes: s.bytes }))),
          JSON.stringify(d.quality),
        ].map((v) => v ?? null),
      );
      for (const s of d.sources) {
        await conn.run('INSERT INTO source_files VALUES ($1, $2, $3, $4, $5, $6)', [
          s.sha256,
          s.path,
          s.bytes,
          s.format,
          staged.importId,
          d.name,
        ]);
      }
      await conn.run(
        `INSERT INTO symbols SELECT (SELECT coalesce(max(id), 0) + 1 FROM symbols), $1, $2
          WHERE NOT EXISTS (SELECT 1 FROM symbols WHERE venue = $1 AND symbol = $2)`,
        [d.venue, d.symbol],
      );
    }
    await conn.run(
      `INSERT INTO rejects SELECT ${sqlString(staged.importId)}, dataset, file, line, reason, raw FROM ${rejectsTable} ORDER BY file, line`,
    );
    await conn.run('INSERT INTO imports VALUES ($1, now(), $2, $3, $4::JSON)', [
      staged.importId,
      staged.sources.length,
      staged.datasets.length,
      JSON.stringify({
        skipped: staged.skipped,
        files: staged.sources.map((s) => ({
          path: s.path,
          format: s.format,
          lines: s.lines,
          ignoredMessages: s.ignoredMessages,
        })),
      }),
    ]);
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK');
    throw error;
  }
}
