import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop, setTimeout as delay } from 'node:timers/promises';
import type { Pacer } from '../pacer';

/**
 * The replay's wall clock in Node: `performance.now()` (monotonic, ms) and timer sleeps.
 * `sleep(0)` yields through `setImmediate`, so I/O and signal handlers (SIGINT) run between
 * batches of a max-speed replay.
 */
export class NodePacer implements Pacer {
  nowMs(): number {
    return performance.now();
  }

  async sleep(ms: number): Promise<void> {
    if (ms <= 0) await yieldToLoop();
    else await delay(ms);
  }
}
