// The replay reader thread (dist/node/merge-worker.mjs, bundled from engine/lake/node/
// merge-worker.ts): reading and merging on it must give exactly the batches of the in-thread
// read — same sizes, same rows, every column — and cancel, close and failures must behave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Lake } from '../../../../engine/lake/node/lake';
import { openDatasetSource } from '../../../../engine/lake/node/reader';
import { mergeWorkerUrl } from '../../../../engine/lake/node/worker-source';
import type { EventSource } from '../../../../engine/model/events';
import { buildCli, ROOT } from '../../cli/node/cli-helpers';
import { USDM_PAIR_DATASETS, WS_DIR, cleanup, openUsdmPairLake, parquetFiles, tempDir } from './lake-helpers';

const dir = tempDir('tb-worker-');
let lake: Lake;
const WORKER = pathToFileURL(join(ROOT, 'dist/node/merge-worker.mjs'));
const NAMES = USDM_PAIR_DATASETS;

/** Every batch as plain arrays (all columns), in order. */
async function dump(source: EventSource, signal?: AbortSignal): Promise<number[][][]> {
  const out: number[][][] = [];
  for await (const b of source.batches(signal)) {
    const n = b.length;
    const cols = [b.kind, b.stream, b.tsUs, b.localTsUs, b.a, b.b, b.c, b.d, b.e, b.f, b.flags];
    out.push(cols.map((c) => Array.from(c.subarray(0, n))));
  }
  return out;
}

beforeAll(async () => {
  buildCli();
  lake = await openUsdmPairLake(dir);
}, 180_000);

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

describe('replay reader thread', () => {
  it('is found next to the bundle, not next to the sources', () => {
    expect(mergeWorkerUrl()).toBeUndefined(); // the test runs the TypeScript sources
  });

  it('yields the same batches as the in-thread read (sizes, order, every column)', async () => {
    for (const batchRows of [8192, 1000]) {
      const inline = await openDatasetSource(lake, NAMES, { batchRows });
      const threaded = await openDatasetSource(lake, NAMES, { batchRows, worker: WORKER });
      expect([inline.threaded, threaded.threaded]).toEqual([false, true]);
      expect(threaded.streams).toEqual(inline.streams);
      expect(threaded.totalEvents).toBe(inline.totalEvents);
      const a = await dump(inline);
      const b = await dump(threaded);
      await inline.close();
      await threaded.close();
      expect(a.length).toBeGreaterThan(3);
      expect(b.map((x) => x[0]?.length)).toEqual(a.map((x) => x[0]?.length));
      expect(b).toEqual(a);
      expect(a.reduce((s, x) => s + (x[0]?.length ?? 0), 0)).toBe(inline.totalEvents);
    }
  });

  it('merges in WebAssembly by default, in JavaScript with TICKBENCH_WASM_MERGE=0: the same batches', async () => {
    const inline = await dump(await openDatasetSource(lake, NAMES, { batchRows: 777 }));
    const saved = process.env.TICKBENCH_WASM_MERGE;
    try {
      for (const flag of ['0', '1']) {
        // The thread reads the variable when it starts, from this process's environment.
        process.env.TICKBENCH_WASM_MERGE = flag;
        const threaded = await openDatasetSource(lake, NAMES, { batchRows: 777, worker: WORKER });
        expect(await dump(threaded)).toEqual(inline);
        await threaded.close();
      }
    } finally {
      if (saved === undefined) delete process.env.TICKBENCH_WASM_MERGE;
      else process.env.TICKBENCH_WASM_MERGE = saved;
    }
  });

  it('reads only the columns asked for, in-thread and on the thread alike (the others NaN)', async () => {
    const columns = { trades: ['a', 'b'] as const, quotes: [] };
    const full = await dump(await openDatasetSource(lake, NAMES));
    const inline = await dump(await openDatasetSource(lake, NAMES, { columns }));
    const threaded = await openDatasetSource(lake, NAMES, { columns, worker: WORKER });
    expect(threaded.threaded).toBe(true);
    expect(await dump(threaded)).toEqual(inline);
    await threaded.close();
    // Row by row: times, kinds, streams and the columns read as in the full read; trade
    // columns c, d and quote payloads NaN; book rows whole.
    const rows = (d: number[][][]) =>
      d.flatMap((cols) => (cols[0] ?? []).map((_, i) => cols.map((c) => c[i] ?? -1)));
    const want = rows(full).map((r) => {
      const kind = r[0];
      if (kind === 3) return r;
      const keep = kind === 1 ? [4, 5] : [];
      return r.map((v, j) => (j >= 4 && j <= 9 && !keep.includes(j) ? NaN : v));
    });
    expect(rows(inline)).toEqual(want);
    expect(want.some((r) => r[0] === 2) && want.some((r) => r[0] === 1)).toBe(true);
  });

  it("reports the reader thread's CPU time once a read is complete", async () => {
    const threaded = await openDatasetSource(lake, NAMES, { worker: WORKER });
    expect(threaded.readerThreadCpuUs()).toBeNaN();
    await dump(threaded);
    await threaded.close();
    // Linux /proc times, in 10 ms steps: the thread started modules and a DuckDB instance.
    expect(threaded.readerThreadCpuUs()).toBeGreaterThan(0);
    const inline = await openDatasetSource(lake, NAMES);
    await dump(inline);
    expect(inline.readerThreadCpuUs()).toBeNaN();
    await inline.close();
  });

  it('stays in-thread below workerMinEvents', async () => {
    const small = await openDatasetSource(lake, NAMES, { worker: WORKER, workerMinEvents: 1e12 });
    expect(small.threaded).toBe(false);
    await small.close();
  });

  it('honours a time range like the in-thread read', async () => {
    const all = await dump(await openDatasetSource(lake, NAMES));
    const keys = all.flatMap((c) => (c[3] ?? []).map((l, i) => (Number.isNaN(l) ? (c[2]?.[i] ?? 0) : l)));
    const fromUs = keys[Math.floor(keys.length / 3)] ?? 0;
    const toUs = keys[Math.floor((2 * keys.length) / 3)] ?? 0;
    const inline = await dump(await openDatasetSource(lake, NAMES, { fromUs, toUs }));
    const threaded = await openDatasetSource(lake, NAMES, { fromUs, toUs, worker: WORKER });
    expect(await dump(threaded)).toEqual(inline);
    await threaded.close();
  });

  it('stops at a cancel with CancelledError, and close() ends the thread', async () => {
    const source = await openDatasetSource(lake, NAMES, { batchRows: 500, worker: WORKER });
    const ac = new AbortController();
    let batches = 0;
    await expect(
      (async () => {
        for await (const b of source.batches(ac.signal)) {
          expect(b.length).toBeGreaterThan(0);
          if (++batches === 2) ac.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(batches).toBe(2);
    await source.close();
    // A fresh read of the same source still works after a cancelled one.
    const again = await dump(source);
    expect(again.reduce((s, x) => s + (x[0]?.length ?? 0), 0)).toBe(source.totalEvents);
  });

  it('reports a failure of the thread (a Parquet file gone) as an error naming the file', async () => {
    const broken = await Lake.open(join(dir, 'broken'));
    try {
      await broken.importFiles([join(WS_DIR, 'usdm_ethusdt_20240718.jsonl.gz')], { dataset: 'eth' });
      const source = await openDatasetSource(broken, ['eth.trades', 'eth.quotes'], { worker: WORKER });
      const gone = parquetFiles(join(dir, 'broken')).find((f) => f.includes('quotes'));
      expect(gone).toBeDefined();
      rmSync(join(dir, 'broken', gone ?? ''));
      await expect(dump(source)).rejects.toThrow(/parquet/i);
      await source.close();
    } finally {
      await broken.close();
    }
  });
});
