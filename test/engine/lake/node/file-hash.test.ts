// The off-thread file hash (engine/lake/node/file-hash.ts) against node:crypto on this thread.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFileOffThread } from '../../../../engine/lake/node/file-hash';
import { cleanup, tempDir } from './lake-helpers';

const dir = tempDir('tb-file-hash-');
afterAll(() => {
  cleanup(dir);
});

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('hashFileOffThread', () => {
  it('gives the sha256 of the file’s first bytes (all, some, none)', async () => {
    const path = join(dir, 'a.bin');
    const bytes = Buffer.from(Array.from({ length: 3_000_017 }, (_, i) => (i * 31) & 255));
    writeFileSync(path, bytes);
    expect(await hashFileOffThread(path, bytes.length).sha256).toBe(sha256(readFileSync(path)));
    expect(await hashFileOffThread(path, 1000).sha256).toBe(sha256(bytes.subarray(0, 1000)));
    expect(await hashFileOffThread(path, 0).sha256).toBe(sha256(new Uint8Array(0)));
  });

  it('fails naming the file when it is missing or shorter than expected', async () => {
    const path = join(dir, 'short.bin');
    writeFileSync(path, 'abc');
    await expect(hashFileOffThread(path, 10).sha256).rejects.toThrow(
      /short\.bin: cannot hash: read 3 bytes, expected 10/,
    );
    await expect(hashFileOffThread(join(dir, 'none.bin'), 10).sha256).rejects.toThrow(
      /none\.bin: cannot hash: .*ENOENT/,
    );
  });

  it('stops on demand', async () => {
    const job = hashFileOffThread(join(dir, 'a.bin'), 3_000_017);
    await job.stop();
    await expect(job.sha256).rejects.toThrow(/cannot hash/);
  });
});
