// Issue 2, requirement 9 in process: exportData → importFiles gives identical rows for CSV,
// Parquet and Arrow, with files larger than one DuckDB chunk and streams that first appear late
// in the file; exports are atomic (no .tmp- file; a bad path fails and writes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportData } from '../../../../engine/lake/node/export';
import { Lake } from '../../../../engine/lake/node/lake';
import { TARDIS_TRADES_HEADER, cleanup, rows, tempDir, writeLines } from './lake-helpers';

const dir = tempDir('tb-exp-');
const out = join(dir, 'out');
let lake: Lake;
const T0 = 1_700_000_000_000_000;
const N = 10_000;

// Symbol of row i: A throughout, B from row 3000, C only from row 7000 (new streams mid-file).
const symbolOf = (i: number): string =>
  i >= 7000 && i % 3 === 0 ? 'CCCUSDT' : i >= 3000 && i % 2 === 0 ? 'BBBUSDT' : 'AAAUSDT';

beforeAll(async () => {
  lake = await Lake.open(join(dir, 'ws'));
  const lines = [TARDIS_TRADES_HEADER];
  for (let i = 0; i < N; i++) {
    const local = i % 5 === 0 ? '' : String(T0 + i * 1000 + 321);
    lines.push(
      `binance-futures,${symbolOf(i)},${T0 + i * 1000},${local},${i + 1},${i % 7 === 0 ? 'sell' : 'buy'},${(1000 + (i % 97) * 0.01).toFixed(2)},${((i % 13) * 0.125).toFixed(3)}`,
    );
  }
  await lake.importFiles([writeLines(dir, 'mixed.csv', lines)], { dataset: 'src' });
});

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

describe('export → re-import in process', () => {
  it('an export of every source dataset (all symbols, as a query) re-imports identically in each format', async () => {
    const all = await lake.listDatasets();
    expect(all.map((d) => [d.symbol, d.rows])).toEqual([
      ['AAAUSDT', [...Array(N).keys()].filter((i) => symbolOf(i) === 'AAAUSDT').length],
      ['BBBUSDT', [...Array(N).keys()].filter((i) => symbolOf(i) === 'BBBUSDT').length],
      ['CCCUSDT', [...Array(N).keys()].filter((i) => symbolOf(i) === 'CCCUSDT').length],
    ]);
    const cols = 'venue, symbol, ts_us, local_ts_us, trade_id, price, size, side';
    // A query export: every row of the three datasets in file (trade id) order.
    const sql = `SELECT ${cols} FROM trades WHERE dataset LIKE 'src.%' ORDER BY trade_id`;
    const original = await rows(lake, sql);
    expect(original.length).toBe(N);
    for (const fmt of ['csv', 'parquet', 'arrow'] as const) {
      const file = join(out, `all.${fmt}`);
      const r = await exportData(lake, sql, file);
      expect(r).toMatchObject({ path: file, format: fmt, rows: N });
      expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
      const imported = await lake.importFiles([file], { dataset: `copy-${fmt}` });
      expect(imported.datasets.map((d) => [d.symbol, d.rows, d.rejected])).toEqual(
        all.map((d) => [d.symbol, d.rows, 0]),
      );
      const copy = await rows(
        lake,
        `SELECT ${cols} FROM trades WHERE dataset LIKE 'copy-${fmt}.%' ORDER BY trade_id`,
      );
      expect(copy, fmt).toEqual(original);
    }
  });

  it('a failing export leaves neither the target nor a temporary file', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'x');
    await expect(exportData(lake, 'src.AAAUSDT.trades', join(blocker, 'x.parquet'))).rejects.toThrow();
    await expect(
      exportData(lake, 'SELECT nonexistent_column FROM trades', join(out, 'bad.csv')),
    ).rejects.toThrow(/export failed/);
    await expect(exportData(lake, 'src.AAAUSDT.trades', join(out, 'bad.xlsx'))).rejects.toThrow(
      /allowed extensions/,
    );
    expect(existsSync(join(out, 'bad.csv'))).toBe(false);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-') || f.startsWith('bad'))).toEqual([]);
  });
});
