// Kernel + calculators throughput, in process (no lake): seeded synthetic trades over 10
// symbols, pre-generated into EventBatches, replayed through `runReplay` at max speed.
//
//   npx esbuild test/bench/kernel-throughput.ts --bundle --platform=node --format=esm \
//     --outfile=/tmp/kbench.mjs && node /tmp/kbench.mjs [rows] [repeats] [list|preset...]
//
// `node --cpu-prof /tmp/kbench.mjs 2000000 1 full` writes a profile to look at.
import { performance } from 'node:perf_hooks';
import {
  createEventBatch,
  type EventBatch,
  type EventSource,
  type StreamInfo,
} from '../../engine/model/events';
import type { Processor } from '../../engine/kernel/processor';
import { runReplay } from '../../engine/replay/run-replay';

const PRESETS: Readonly<Record<string, string>> = {
  full: 'ema:20,ema:100,rsi:14,vwap:60s,zscore:500,limit,var:1000,drawdown',
  all: 'sma:20,ema:20,rsi:14,vwap:5ms,zscore:50,momentum:10,rvol:20,flow:30,limit:3000,var:100,drawdown:0.5',
  sma: 'sma:20',
  ema: 'ema:20',
  six: 'sma:20,ema:50,rsi:14,vwap:60s,zscore:500,bbo',
  var: 'var:1000',
  vwap: 'vwap:60s',
  zscore: 'zscore:500',
  rsi: 'rsi:14',
  drawdown: 'drawdown',
  limit: 'limit',
};

const SYMBOLS = 10;
const BATCH = 8192;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(rows: number): { streams: StreamInfo[]; batches: EventBatch[] } {
  const streams: StreamInfo[] = [];
  for (let s = 0; s < SYMBOLS; s++)
    streams.push({ id: s, venue: 'bench', symbol: `SYM${s}USDT`, kind: 'trades', source: `sym${s}` });
  const rnd = mulberry32(42);
  const price = Array.from({ length: SYMBOLS }, (_, s) => 100 * (s + 1));
  const batches: EventBatch[] = [];
  let t = 1_723_075_200_000_000;
  for (let at = 0; at < rows; at += BATCH) {
    const n = Math.min(BATCH, rows - at);
    const b = createEventBatch(n);
    for (let i = 0; i < n; i++) {
      const s = (at + i) % SYMBOLS;
      t += 5;
      const p = Math.max(1, (price[s] as number) * (1 + (rnd() - 0.5) * 0.001));
      price[s] = p;
      b.kind[i] = 1;
      b.stream[i] = s;
      b.tsUs[i] = t;
      b.localTsUs[i] = t + 1000;
      b.a[i] = Math.round(p * 100) / 100;
      b.b[i] = Math.round((0.001 + rnd() * 2) * 1000) / 1000;
      b.c[i] = rnd() < 0.5 ? 1 : -1;
      b.d[i] = at + i;
    }
    b.length = n;
    batches.push(b);
  }
  return { streams, batches };
}

function noop(name: string): Processor {
  return { name, kinds: [1], onEvent: () => undefined, snapshot: () => null };
}

async function once(
  list: string,
  streams: StreamInfo[],
  batches: EventBatch[],
  rows: number,
  hash: boolean,
): Promise<number> {
  const source: EventSource = {
    streams,
    totalEvents: rows,
    async *batches() {
      for (const b of batches) yield await Promise.resolve(b);
    },
  };
  const processors =
    list === 'noop' ? () => Array.from({ length: 8 }, (_, k) => noop(`noop${k}`)) : (PRESETS[list] ?? list);
  const t0 = performance.now();
  const s = await runReplay({
    source,
    processors,
    hashOutput: hash,
    hrNowMs: () => performance.now(),
  });
  const ms = performance.now() - t0;
  if (s.events !== rows) throw new Error(`events ${s.events} != ${rows}`);
  if (hash) console.log(`${list}: hash ${s.outputHash} rows ${s.outputRows} breaches ${s.breaches}`);
  return rows / (ms / 1000);
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 2_000_000);
  const repeats = Number(process.argv[3] ?? 3);
  const lists = process.argv.slice(4);
  const { streams, batches } = generate(rows);
  const which = lists.length > 0 ? lists : ['noop', 'sma', 'full'];
  const hash = process.env.HASH === '1';
  for (let r = 0; r < repeats; r++) {
    const line: string[] = [];
    for (const l of which) {
      const rate = await once(l, streams, batches, rows, hash);
      line.push(`${l}=${(rate / 1e6).toFixed(2)}M`);
    }
    console.log(`run ${r}: ${line.join('  ')}`);
  }
}

await main();
