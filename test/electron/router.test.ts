import { describe, expect, it } from 'vitest';
import { TickbenchError } from '../../engine/core/errors';
import type { TickbenchApi } from '../../electron/common/contract';
import { createRouter } from '../../electron/main/router';
import { createEngineServices } from '../../electron/main/services/engine-services';
import type { LakePort } from '../../electron/main/services/lake-port';

/** A lake double with one dataset; records what reached it. */
function fakeLake(calls: string[]): LakePort {
  const dataset = {
    name: 'btc-trades',
    kind: 'trades' as const,
    venue: 'binance',
    symbol: 'BTCUSDT',
    rows: 3,
    rejected: 0,
    duplicates: 0,
    firstTsUs: 1,
    lastTsUs: 3,
    format: 'csv',
    importedAt: '2024-01-01T00:00:00Z',
    sourceFiles: [],
    quality: {
      rowsRead: 3,
      accepted: 3,
      rejected: 0,
      duplicates: 0,
      outOfOrder: 0,
      rejectReasons: {},
      timestampUnits: {},
      gapThresholdS: 60,
      gaps: [],
      gapCount: 0,
      feedLatency: null,
    },
  };
  return {
    workspace: '/ws',
    importFiles: () => Promise.reject(new Error('unused')),
    listDatasets: () => {
      calls.push('listDatasets');
      return Promise.resolve([dataset]);
    },
    getDataset: (name) =>
      name === dataset.name
        ? Promise.resolve(dataset)
        : Promise.reject(new TickbenchError('not-found', `dataset ${JSON.stringify(name)} does not exist`)),
    rejectedRows: () => Promise.resolve([]),
    query: (sql, options) => {
      calls.push(`query:${sql}:${options?.limit ?? ''}`);
      return Promise.resolve({ columns: ['a', 'b'], rows: [[2n ** 60n, new Date(0)]], truncated: false });
    },
    close: () => Promise.resolve(),
  };
}

function setup(): {
  call: (m: unknown, a?: unknown) => Promise<unknown>;
  calls: string[];
  api: TickbenchApi;
} {
  const calls: string[] = [];
  const services = createEngineServices({
    workspace: '/ws',
    host: 'browser',
    appVersion: '0.0.0',
    openLake: () => Promise.resolve(fakeLake(calls)),
  });
  const router = createRouter(services.api);
  return { call: (m, a) => router.call(m, a), calls, api: services.api };
}

describe('router', () => {
  it('routes valid calls and returns JSON-safe results', async () => {
    const { call, calls } = setup();
    expect(await call('data.listDatasets')).toMatchObject({
      ok: true,
      result: [{ name: 'btc-trades', rows: 3 }],
    });
    const q = await call('query.run', { sql: 'SELECT 1', limit: 5 });
    expect(q).toMatchObject({
      ok: true,
      result: { columns: ['a', 'b'], rows: [['1152921504606846976', '1970-01-01T00:00:00.000Z']] },
    });
    expect(JSON.parse(JSON.stringify(q))).toEqual(q);
    expect(calls).toEqual(['listDatasets', 'query:SELECT 1:5']);
  });

  it('rejects bad arguments before they reach the engine', async () => {
    const { call, calls } = setup();
    expect(await call('query.run', { sql: 'SELECT 1', limit: 0 })).toEqual({
      ok: false,
      error: {
        code: 'invalid-argument',
        message: 'query.run(args).limit: received 0, allowed an integer in [1, 100000]',
      },
    });
    expect(await call('query.run', { sql: 'SELECT 1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await call('data.listDatasets', { sneaky: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    const nope = await call('data.nope');
    expect(nope).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(JSON.stringify(nope)).toContain('received \\"data.nope\\"');
    expect(await call({ toString: () => 'data.listDatasets' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(calls).toEqual([]);
  });

  it('keeps engine error codes and answers not-available for services without an engine part', async () => {
    const { call } = setup();
    expect(await call('data.getDataset', { name: 'missing' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'dataset "missing" does not exist' },
    });
    // Replay needs the real DuckDB lake (it reads Parquet through its own connections).
    expect(await call('replay.start', { datasets: ['x'], speed: 0 })).toMatchObject({
      ok: false,
      error: { code: 'not-available' },
    });
    expect(JSON.stringify(await call('replay.start', { datasets: ['x'], speed: 0 }))).toContain(
      'DuckDB lake',
    );
    for (const [m, a] of [
      ['backtest.run', { strategy: 's.ts', datasets: ['x'], params: {}, seed: 1 }],
      ['montecarlo.run', { spec: '{}', paths: 10, seed: 1 }],
      ['scripts.list', undefined],
    ] as const) {
      const reply = await call(m, a);
      expect(reply, m).toMatchObject({ ok: false, error: { code: 'not-available' } });
      expect(JSON.stringify(reply), m).toContain('not available yet');
    }
  });

  it('reports a lake that failed to open on every data call', async () => {
    const services = createEngineServices({
      workspace: '/ws',
      host: 'browser',
      appVersion: '0',
      openLake: () => Promise.reject(new TickbenchError('io', 'catalog.duckdb is locked by another process')),
    });
    const router = createRouter(services.api);
    expect(await router.call('data.listDatasets', undefined)).toEqual({
      ok: false,
      error: { code: 'io', message: 'catalog.duckdb is locked by another process' },
    });
    expect(await router.call('workspace.info', undefined)).toMatchObject({
      ok: true,
      result: { path: '/ws', available: ['data', 'query', 'replay', 'workspace'] },
    });
  });
});
