import { Worker } from 'node:worker_threads';
import { TickbenchError } from '../../core/errors';

/*
 * The sha256 of a file computed on a thread of its own, which reads the file itself. For the
 * large imports that run parse workers: hashing costs ~0.5–0.7 ns per byte (~60 ns per line of
 * a Tardis trade file), and on the importing thread that was a fifth of its work — the thread
 * that bounds the import. The worker reads exactly the bytes the import reads (the file's first
 * `bytes`), so the hash is that of the imported bytes unless the file changes meanwhile, which
 * the importer checks (size and modification time before and after).
 *
 * The script is inline CommonJS (`eval`), so it runs from the bundles, from the TypeScript
 * sources under a test runner and from Electron's CommonJS bundle alike. It writes nothing, so
 * terminating it at any time is safe.
 */
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const { path, bytes } = workerData;
const hash = createHash('sha256');
let read = 0;
const done = () =>
  parentPort.postMessage(
    read === bytes ? { sha256: hash.digest('hex') } : { error: 'read ' + read + ' bytes, expected ' + bytes },
  );
if (bytes === 0) done();
else
  createReadStream(path, { end: bytes - 1, highWaterMark: 1 << 20 })
    .on('data', (c) => {
      read += c.length;
      hash.update(c);
    })
    .on('error', (e) => parentPort.postMessage({ error: String(e && e.message ? e.message : e) }))
    .on('end', done);
`;

/** A hash being computed off-thread. */
export interface FileHashJob {
  /** The hex sha256 of the file's first `bytes`; rejects with an `io` error naming the file. */
  readonly sha256: Promise<string>;
  /** Stops the thread (the hash is then not awaited). */
  stop(): Promise<void>;
}

/** Starts hashing the first `bytes` bytes of `path` on a worker thread. */
export function hashFileOffThread(path: string, bytes: number): FileHashJob {
  const worker = new Worker(SCRIPT, { eval: true, workerData: { path, bytes } });
  const fail = (why: string): TickbenchError => new TickbenchError('io', `${path}: cannot hash: ${why}`);
  const sha256 = new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { sha256?: string; error?: string }) => {
      if (typeof m.sha256 === 'string') resolve(m.sha256);
      else reject(fail(m.error ?? 'no answer'));
    });
    worker.once('error', (e) => {
      reject(fail(e.message));
    });
    worker.once('exit', (code) => {
      reject(fail(`the thread exited (code ${code})`));
    });
  });
  const result = sha256.finally(() => void worker.terminate());
  // Not awaited when the import fails first: never an unhandled rejection.
  result.catch(() => undefined);
  return {
    sha256: result,
    async stop() {
      await worker.terminate();
    },
  };
}
