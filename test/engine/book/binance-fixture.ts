// Reads the raw Binance WebSocket captures for book tests, independently of the importers:
// gunzip, split lines, JSON.parse.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const FIXTURE_DIR = join(import.meta.dirname, '../../fixtures/binance-ws');

export interface DepthMsg {
  readonly type: 'depth';
  readonly localNs: number;
  readonly eventMs: number;
  readonly U: number;
  readonly u: number;
  readonly pu: number;
  readonly bids: readonly (readonly [number, number])[];
  readonly asks: readonly (readonly [number, number])[];
}

export interface TickerMsg {
  readonly type: 'ticker';
  readonly localNs: number;
  readonly u: number;
  readonly bid: number;
  readonly ask: number;
}

export type Msg = DepthMsg | TickerMsg;

interface RawData {
  e?: string;
  E?: number;
  U?: number;
  u?: number;
  pu?: number;
  b?: unknown;
  a?: unknown;
}

export function fixtureFiles(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.jsonl.gz'))
    .sort();
}

const levels = (x: unknown): [number, number][] =>
  (x as [string, string][]).map(([p, s]) => [Number(p), Number(s)]);

/** Depth and bookTicker messages of one capture, in file order. */
export function readMessages(file: string): Msg[] {
  const text = gunzipSync(readFileSync(join(FIXTURE_DIR, file))).toString('utf8');
  const out: Msg[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const space = line.indexOf(' ');
    // Local receive time: ns in most files, µs in the 2023 one (detect by magnitude). ns since
    // the epoch exceeds 2^53: ms precision is plenty for the 10 s warm-up window.
    const rawLocal = Number(line.slice(0, space));
    const localNs = rawLocal < 1e17 ? rawLocal * 1000 : rawLocal;
    const msg = JSON.parse(line.slice(space + 1)) as { stream?: string; data?: RawData };
    // Lines without a stream are REST snapshots ({lastUpdateId, bids, asks}); not used here.
    const d = msg.data;
    if (msg.stream === undefined || d === undefined) continue;
    if (d.e === 'depthUpdate') {
      out.push({
        type: 'depth',
        localNs,
        eventMs: d.E ?? NaN,
        U: d.U ?? NaN,
        u: d.u ?? NaN,
        pu: d.pu ?? NaN,
        bids: levels(d.b),
        asks: levels(d.a),
      });
    } else if (msg.stream.endsWith('@bookTicker')) {
      out.push({ type: 'ticker', localNs, u: d.u ?? NaN, bid: Number(d.b), ask: Number(d.a) });
    }
  }
  return out;
}
