// mergeSources throughput, in process (no lake): synthetic in-memory sources, each reusing one
// batch object whose key column is rewritten per batch (the rest is filled once), so the read
// itself costs next to nothing and the figure is the merge's.
//
//   npx esbuild test/bench/merge-throughput.ts --bundle --platform=node --format=esm \
//     --outfile=/tmp/mbench.mjs && node /tmp/mbench.mjs [repeats] [scenario...]
//
// Scenarios:
// - rr10:   10 sources × 2 M rows, round-robin keys (runs of 1 row), exchange time only.
// - runs3:  3 sources with long runs (2000 / 500 / 100 rows per 1 s period, barely overlapping), receive time set.
// - book3:  a book stream (1 row / 100 µs) and two trade streams: book runs of ~20 rows.
// - ties10: 10 sources × 1 M rows, every source has the same key at each step (all ties).
// - raw-<scenario>: that scenario's sources read one after the other, without merging.
// CHECK=1 prints an order-sensitive checksum of the output (to compare implementations).
import { performance } from 'node:perf_hooks';
import {
  createEventBatch,
  type EventBatch,
  type EventSource,
  type StreamInfo,
} from '../../engine/model/events';
import { mergeSources } from '../../engine/replay/merge';

const BATCH = 8192;
const T0 = 1_723_075_200_000_000;

/**
 * A source of `rows` rows whose key at row i is `key(i)`; one reused batch. The keys are
 * computed up front (outside the timing); per batch only the time columns are copied in.
 */
function synthetic(m: number, rows: number, key: (i: number) => number, local: boolean): EventSource {
  const streams: StreamInfo[] = [
    { id: 0, venue: 'bench', symbol: `SYM${m}USDT`, kind: 'trades', source: `sym${m}` },
  ];
  const keys = new Float64Array(rows);
  for (let i = 0; i < rows; i++) keys[i] = key(i);
  const exch = local ? keys.map((k) => k - 1000) : keys;
  return {
    streams,
    totalEvents: rows,
    async *batches() {
      const b = createEventBatch(BATCH);
      for (let i = 0; i < BATCH; i++) {
        b.kind[i] = 1;
        b.stream[i] = 0;
        b.a[i] = 100 + m + i / BATCH;
        b.b[i] = 1 + (i % 7);
        b.c[i] = i % 2 === 0 ? 1 : -1;
        b.d[i] = i;
        b.e[i] = NaN;
        b.f[i] = NaN;
        b.flags[i] = 0;
      }
      if (!local) b.localTsUs.fill(NaN);
      for (let at = 0; at < rows; at += BATCH) {
        const n = Math.min(BATCH, rows - at);
        b.tsUs.set(exch.subarray(at, at + n));
        if (local) b.localTsUs.set(keys.subarray(at, at + n));
        b.length = n;
        yield await Promise.resolve(b);
      }
    },
  };
}

function scenario(name: string): { sources: EventSource[]; merge: boolean } {
  if (name.startsWith('raw-')) return { sources: scenario(name.slice(4)).sources, merge: false };
  switch (name) {
    case 'rr10':
      return {
        sources: Array.from({ length: 10 }, (_, m) =>
          synthetic(m, 2_000_000, (i) => T0 + (i * 10 + m) * 5, false),
        ),
        merge: true,
      };
    case 'ties10':
      return {
        sources: Array.from({ length: 10 }, (_, m) => synthetic(m, 1_000_000, (i) => T0 + i * 5, false)),
        merge: true,
      };
    case 'runs3': {
      // Per period of 1 s: source m emits n rows in its own window [off, off + w).
      const P = 1_000_000;
      const spec = [
        { n: 2000, off: 0, w: 450_000 },
        { n: 500, off: 440_000, w: 260_000 },
        { n: 100, off: 690_000, w: 310_000 },
      ];
      const periods = 3000;
      return {
        sources: spec.map((s, m) =>
          synthetic(
            m,
            periods * s.n,
            (i) => T0 + Math.floor(i / s.n) * P + s.off + Math.floor(((i % s.n) * s.w) / s.n),
            true,
          ),
        ),
        merge: true,
      };
    }
    case 'book3':
      // A book stream every 100 µs, trades every 2.3 ms and 3.7 ms: book runs of ~20, trades of 1.
      return {
        sources: [
          synthetic(0, 6_000_000, (i) => T0 + i * 100, true),
          synthetic(1, 260_000, (i) => T0 + i * 2300, true),
          synthetic(2, 160_000, (i) => T0 + i * 3700, true),
        ],
        merge: true,
      };
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

async function once(name: string, check: boolean): Promise<{ rate: number; sum: number }> {
  const { sources, merge } = scenario(name); // keys are generated here, before the clock starts
  const src = merge ? mergeSources(sources, { capacity: BATCH }) : undefined;
  let rows = 0;
  let sum = 0;
  const t0 = performance.now();
  if (src !== undefined) {
    for await (const b of src.batches()) {
      if (check) sum = checksum(b, rows, sum);
      rows += b.length;
    }
  } else {
    for (const s of sources) for await (const b of s.batches()) rows += b.length;
  }
  const ms = performance.now() - t0;
  return { rate: rows / (ms / 1000), sum };
}

function checksum(b: EventBatch, at: number, sum: number): number {
  let h = sum;
  for (let i = 0; i < b.length; i++) {
    const l = b.localTsUs[i] as number;
    const key = l === l ? l : (b.tsUs[i] as number);
    h =
      (Math.imul(h, 31) + ((key - T0) | 0) * 7 + (b.stream[i] as number) * 131 + (b.a[i] as number) * 997) |
      0;
    h = (h + (b.d[i] as number) + at + i) | 0;
  }
  return h;
}

async function main(): Promise<void> {
  const repeats = Number(process.argv[2] ?? 5);
  const names = process.argv.slice(3);
  const which = names.length > 0 ? names : ['rr10', 'runs3', 'book3', 'ties10', 'raw-rr10', 'raw-runs3'];
  const check = process.env.CHECK === '1';
  const rates = new Map<string, number[]>(which.map((n) => [n, []]));
  for (let r = 0; r < repeats; r++) {
    const line: string[] = [];
    for (const n of which) {
      const { rate, sum } = await once(n, check);
      rates.get(n)?.push(rate);
      line.push(`${n}=${(rate / 1e6).toFixed(2)}M${check ? ` (sum ${sum})` : ''}`);
    }
    console.log(`run ${r}: ${line.join('  ')}`);
  }
  const median = (xs: number[]): number => {
    const s = [...xs].sort((p, q) => p - q);
    return s[Math.floor(s.length / 2)] ?? NaN;
  };
  console.log(
    `median: ${which.map((n) => `${n}=${(median(rates.get(n) ?? []) / 1e6).toFixed(2)}M rows/s`).join('  ')}`,
  );
}

await main();
