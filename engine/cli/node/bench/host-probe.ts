import { Worker } from 'node:worker_threads';
import { median } from './repeat';

/**
 * How fast this machine is at the moment, as a fixed single-threaded loop measures it: the
 * benchmarks print it next to their figures. On a shared VM the same loop has been seen to run
 * 2× slower for minutes at a time, and two threads to get anywhere from 1× to 2× the work of
 * one, so a figure means little without the state of the host it was taken in.
 */
export interface HostProbe {
  /** ns per byte of the probe loop on one thread (lower is faster): the median of the rounds. */
  readonly oneThreadNsPerByte: number;
  /** The fastest and slowest round: how much the host moved while it was probed. */
  readonly oneThreadNsPerByteRange: readonly [number, number];
  /**
   * Work done by two threads at once over the work of one in the same time (the best lone
   * round): 2 = two free cores, 1 = they share one.
   */
  readonly twoThreadSpeedup: number;
}

/** Milliseconds each probe loop runs, and rounds of (alone, two at once). */
const PROBE_MS = 100;
const PROBE_ROUNDS = 3;

/**
 * The probe loop: counts one byte value in a 1 MiB buffer, pass after pass, for `ms`; returns
 * the bytes scanned. Self-contained (no imports, no closures) because a worker runs its source.
 */
function probeLoop(ms: number): number {
  const buf = new Uint8Array(1 << 20);
  for (let i = 0; i < buf.length; i++) buf[i] = (Math.imul(i, 2654435761) >>> 24) & 0xff;
  let bytes = 0;
  let hits = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < buf.length; i++) if (buf[i] === 44) hits++;
    bytes += buf.length;
  }
  // `hits` keeps the loop from being optimized away.
  return hits < 0 ? 0 : bytes;
}

/** Runs the probe loop on a worker for `ms` once it is online; resolves to the bytes it scanned. */
function onWorker(ms: number, online: () => void): Promise<number> {
  const source = `const { parentPort } = require('node:worker_threads');
const probeLoop = ${probeLoop.toString()};
probeLoop(20);
parentPort.once('message', (ms) => parentPort.postMessage(probeLoop(ms)));
parentPort.postMessage('online');`;
  const worker = new Worker(source, { eval: true });
  return new Promise<number>((resolve, reject) => {
    worker.on('message', (m: unknown) => {
      if (m === 'online') {
        worker.postMessage(ms);
        online();
      } else {
        resolve(typeof m === 'number' ? m : 0);
        void worker.terminate();
      }
    });
    worker.once('error', reject);
    // A worker that ends without answering must not leave the probe waiting (no-op once settled).
    worker.once('exit', (code) => {
      reject(new Error(`host probe: the worker exited (code ${code}) without its figure`));
    });
  });
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Measures the host in {@link PROBE_ROUNDS} rounds of: the loop alone, then on this thread and
 * a worker at the same time. The two-thread figure divides each round's pair rate by the best
 * lone rate of the probe (a lone run caught in a slow moment would otherwise flatter the
 * pair, past 2×). ~1 s in all.
 */
export async function probeHost(): Promise<HostProbe> {
  probeLoop(20); // warm-up: the optimized loop, as in the timed runs
  const nsPerByte: number[] = [];
  /** Bytes per ms of the two threads together, per round. */
  const pairRates: number[] = [];
  for (let r = 0; r < PROBE_ROUNDS; r++) {
    const t0 = performance.now();
    const alone = probeLoop(PROBE_MS);
    const aloneMs = performance.now() - t0;
    let here = 0;
    let hereMs = 0;
    const there = await onWorker(PROBE_MS, () => {
      const t1 = performance.now();
      here = probeLoop(PROBE_MS);
      hereMs = performance.now() - t1;
    });
    nsPerByte.push((aloneMs * 1e6) / Math.max(1, alone));
    pairRates.push((here + there) / Math.max(1e-9, hereMs));
  }
  const bestAloneRate = 1e6 / Math.min(...nsPerByte); // bytes per ms
  return {
    oneThreadNsPerByte: round3(median(nsPerByte)),
    oneThreadNsPerByteRange: [round3(Math.min(...nsPerByte)), round3(Math.max(...nsPerByte))],
    twoThreadSpeedup: Math.round((median(pairRates) / bestAloneRate) * 100) / 100,
  };
}
