// `tickbench bench book` through the real CLI bundle: exit 0 and one JSON object whose row
// count and book hash agree with an import and a replay of the same capture; bad input fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, oneJson, runCli } from './cli-helpers';

const CAPTURE = join('test', 'fixtures', 'binance-ws', 'spot_ethusdt_20240808.jsonl.gz');
let ws = '';

beforeAll(() => {
  buildCli();
  ws = mkdtempSync(join(tmpdir(), 'tickbench-bench-book-test-'));
});

afterAll(() => {
  rmSync(ws, { recursive: true, force: true });
});

describe('tickbench bench book', () => {
  it('FILE --json: the rows and final book of the capture, as an import and a replay see them', async () => {
    const r = await runCli(['bench', 'book', CAPTURE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = oneJson(r);
    expect(out.files).toBe(1);
    expect(out.datasets).toBe(1);
    for (const k of ['rowsPerS', 'nsPerRow', 'peakRssMb', 'maxLevelsPerSide']) {
      expect(out[k], k).toBeGreaterThan(0);
    }
    expect(out.sortedSides).toBe(0);
    const [[name, hash] = []] = Object.entries(out.bookHashes as Record<string, string>);

    const imp = await runCli(['--workspace', ws, 'import', CAPTURE, '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    const book = (oneJson(imp) as { datasets: { name: string; kind: string; rows: number }[] }).datasets.find(
      (d) => d.kind === 'book',
    );
    expect(book?.name).toBe(name);
    expect(out.rows).toBe(book?.rows);
    // The kernel's own book after a replay of the dataset: the same final state.
    const rep = await runCli([
      '--workspace',
      ws,
      'replay',
      '--dataset',
      name ?? '',
      '--processors',
      'bbo',
      '--json',
    ]);
    expect(rep.code, rep.stderr).toBe(0);
    const books = (oneJson(rep) as { books: { hash: string }[] }).books;
    expect(books.map((b) => b.hash)).toEqual([hash]);
  });

  it('a missing file fails with exit 1 naming it', async () => {
    const r = await runCli(['bench', 'book', 'no/such/capture.jsonl.gz', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no/such/capture.jsonl.gz');
    expect(r.stdout).toBe('');
  });
});
