// Entry of a parse worker (bundled as dist/node/parse-worker.mjs): scans blocks of one file's
// lines by the file's plan and sends the parsed columns back. Pure computation — no files, no
// DuckDB — so the importing thread may terminate it at any time.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { errorMessage } from '../../core/errors';
import { blockBuffers } from './formats/block-scan';
import { createBlockScanner } from './formats/wasm-block-scan';
import type { ParseReply, ParseRequest, ParseWorkerInit } from './parse-worker-protocol';

function serve(port: MessagePort, init: ParseWorkerInit): void {
  const scanner = createBlockScanner(init.plan);
  port.on('message', (m: ParseRequest) => {
    let reply: ParseReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const block = scanner.scan(new Uint8Array(m.bytes, 0, m.length), m.reuse);
      reply = { id: m.id, bytes: m.bytes, length: m.length, block };
      transfer = [m.bytes, ...blockBuffers(block)];
    } catch (error) {
      reply = { id: m.id, error: errorMessage(error) };
    }
    port.postMessage(reply, transfer);
  });
}

if (parentPort !== null) serve(parentPort, workerData as ParseWorkerInit);
