// Entry of a parse worker (bundled as dist/node/parse-worker.mjs): scans blocks of one file's
// lines by the file's plan and sends the parsed columns back. Pure computation — no files, no
// DuckDB — so the importing thread may terminate it at any time.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { errorMessage } from '../../core/errors';
import { createBlockScanner } from './formats/wasm-block-scan';
import type { ParseReply, ParseRequest, ParseWorkerInit } from './parse-worker-protocol';

function serve(port: MessagePort, init: ParseWorkerInit): void {
  const scanner = createBlockScanner(init.plan);
  port.on('message', (m: ParseRequest) => {
    let reply: ParseReply;
    try {
      const block = scanner.scan(new Uint8Array(m.bytes, 0, m.length), m.reuse);
      reply = { id: m.id, bytes: m.bytes, length: m.length, block };
    } catch (error) {
      reply = { id: m.id, error: errorMessage(error) };
    }
    // The buffers are shared memory: nothing to transfer (nothing detached in either thread).
    port.postMessage(reply);
  });
}

if (parentPort !== null) serve(parentPort, workerData as ParseWorkerInit);
