// No ArrayBuffer is ever detached in the CLI's threads during an import on parse workers and a
// replay on the reader thread. The first detach in a thread (a transfer to another thread, a
// WebAssembly memory growing) makes V8's optimized typed-array code there check for detached
// buffers from then on: a replay after an import in the same process (the UI's server) ran
// ~15 % slower. V8 reports each such invalidation with --trace-protector-invalidation.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, oneJson, runCli } from './cli-helpers';

const TRACE = ['--trace-protector-invalidation'];
const DETACH_TRACE = 'Invalidating protector cell ArrayBufferDetaching';

let dir = '';
let csv = '';

/** A Tardis trades CSV of `rows` lines over 4 symbols (~75 bytes a line). */
function tardisTrades(rows: number): string {
  const lines = ['exchange,symbol,timestamp,local_timestamp,id,side,price,amount'];
  for (let i = 0; i < rows; i++) {
    const ts = 1_723_075_200_000_000 + i * 1000;
    const price = (60_000 + (i % 997) / 10).toFixed(1);
    lines.push(
      `binance-futures,SYM${i % 4}USDT,${ts},${ts + 1500},${i},${i % 3 === 0 ? 'buy' : 'sell'},${price},0.${(i % 89) + 10}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'tickbench-no-detach-'));
  csv = join(dir, 'trades.csv');
  writeFileSync(csv, tardisTrades(300_000));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('no detached ArrayBuffer in the CLI', () => {
  it('is what V8 reports with the flag (the check can fail)', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(
      process.execPath,
      [...TRACE, '-e', 'const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] });'],
      { encoding: 'utf8' },
    );
    expect(r.stdout).toContain(DETACH_TRACE);
  });

  it('import on parse workers, then a replay on the reader thread with Parquet output', async () => {
    // 16 MiB or more: the import parses on workers (the path that used to detach).
    expect(statSync(csv).size).toBeGreaterThan(16 << 20);
    const ws = join(dir, 'ws');
    const imported = await runCli(['--workspace', ws, 'import', csv, '--json'], TRACE);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).not.toContain(DETACH_TRACE);
    const names = ['SYM0USDT', 'SYM1USDT', 'SYM2USDT', 'SYM3USDT'].map(
      (s) => `binance-futures.${s}.trades.2024-08-08`,
    );
    const replayed = await runCli(
      [
        '--workspace',
        ws,
        'replay',
        '--dataset',
        ...names,
        '--reader',
        'thread',
        '--processors',
        'ema:20,vwap:60s,var:100',
        '--out',
        join(dir, 'series.parquet'),
        '--json',
      ],
      TRACE,
    );
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).not.toContain(DETACH_TRACE);
    // The same replay without the flag prints one JSON object: every row was replayed.
    const summary = oneJson(
      await runCli(['--workspace', ws, 'replay', '--dataset', ...names, '--processors', 'ema:20', '--json']),
    );
    expect(summary.events).toBe(300_000);
  });
});
