import { Worker } from 'node:worker_threads';
import { TickbenchError, errorMessage } from '../../core/errors';
import { bundledScriptUrl } from './bundled-script';
import type { BlockPlan, ParsedBlock } from './formats/block-scan';
import type { ParseReply, ParseRequest, ParseWorkerInit } from './parse-worker-protocol';

/** The parse worker's script next to the running bundle (`dist/node/parse-worker.mjs`), if any. */
export function parseWorkerUrl(): URL | undefined {
  return bundledScriptUrl('parse-worker.mjs');
}

/** A scanned block and its text, back from the scanner. */
export interface ScannedBlock {
  /** The block's text is `bytes[0, length)`. */
  readonly bytes: SharedArrayBuffer;
  readonly length: number;
  readonly block: ParsedBlock;
}

/** Scans blocks of one file's lines (see `BlockScanner`) on worker threads. */
export interface ParsePool {
  /**
   * Scans `bytes[0, length)` (whole lines) and answers with the block's text and lines. Answers
   * may come in any order. The memory is shared, not transferred (see `blockArrays`): the
   * caller leaves `bytes` and `reuse` alone until the answer comes.
   * @param reuse a staged block whose arrays the scan may fill again
   */
  parse(bytes: SharedArrayBuffer, length: number, reuse?: ParsedBlock): Promise<ScannedBlock>;
  /** Blocks handed over and not answered yet. */
  outstanding(): number;
  /** Stops the threads (pending scans are dropped). */
  close(): Promise<void>;
}

/**
 * Starts `threads` parse workers running `script` with `plan`; blocks go to them in turn.
 * @param label names the file in errors
 */
export function startParsePool(plan: BlockPlan, script: URL, threads: number, label: string): ParsePool {
  const init: ParseWorkerInit = { plan };
  const workers = Array.from(
    { length: Math.max(1, threads) },
    () => new Worker(script, { workerData: init }),
  );
  const pending = new Map<number, { resolve: (b: ScannedBlock) => void; reject: (e: Error) => void }>();
  let closing = false;
  let failure: Error | undefined;
  const failAll = (e: Error): void => {
    failure ??= e;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  for (const w of workers) {
    w.on('message', (m: ParseReply) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if ('error' in m)
        p?.reject(new TickbenchError('internal', `${label}: parse worker failed: ${m.error}`));
      else p?.resolve(m);
    });
    w.on('error', (e) => {
      failAll(new TickbenchError('internal', `${label}: parse worker failed: ${errorMessage(e)}`));
    });
    w.on('exit', (code) => {
      if (!closing) failAll(new TickbenchError('internal', `${label}: parse worker exited (code ${code})`));
    });
  }
  let next = 0;
  return {
    outstanding: () => pending.size,
    parse(bytes, length, reuse) {
      if (failure !== undefined) return Promise.reject(failure);
      const id = next++;
      const promise = new Promise<ScannedBlock>((resolve, reject) => {
        pending.set(id, { resolve, reject });
      });
      // A scan dropped on failure or cancel must not surface as an unhandled rejection.
      promise.catch(() => undefined);
      const request: ParseRequest = { id, bytes, length, reuse };
      // No transfer list: the buffers are shared (a transfer would detach them here).
      workers[id % workers.length]?.postMessage(request);
      return promise;
    },
    async close() {
      closing = true;
      failAll(new TickbenchError('cancelled', `${label}: parsing stopped`));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
