/**
 * A worker-scoped `tickbench serve` on a temporary workspace: the real CLI bundle, the real
 * WebSocket server on loopback, the real renderer build. The URL is parsed from its stdout.
 */
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures');

/** What `--trace-protector-invalidation` prints at a thread's first detached ArrayBuffer. */
const DETACH_TRACE = 'Invalidating protector cell ArrayBufferDetaching';

export interface Served {
  /** `http://127.0.0.1:PORT/?token=…` */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly workspace: string;
  /** Everything the server wrote so far. */
  output(): string;
}

/** Runs the CLI to completion (e.g. to import fixtures into the workspace before serving). */
export function runCli(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/tickbench.mjs'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      resolvePromise({ code, stdout, stderr });
    });
  });
}

function waitForUrl(child: ChildProcess, log: () => string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`tickbench serve printed no URL within 30 s; output:\n${log()}`));
    }, 30_000);
    const onData = (): void => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(log());
      if (match !== null) {
        clearTimeout(timer);
        resolvePromise(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tickbench serve exited with ${code}; output:\n${log()}`));
    });
  });
}

export const test = base.extend<{ consoleErrors: string[] }, { served: Served }>({
  served: [
    async ({}, use) => {
      const workspace = mkdtempSync(join(tmpdir(), 'tickbench-e2e-'));
      let log = '';
      const child = spawn(
        process.execPath,
        // V8 reports a detached ArrayBuffer (see the check after the tests).
        [
          '--trace-protector-invalidation',
          join(ROOT, 'bin/tickbench.mjs'),
          '--workspace',
          workspace,
          'serve',
          '--port',
          '0',
        ],
        {
          cwd: ROOT,
          // A fresh workspace gets the demo sample (Binance futures trades and quotes) on open.
          env: { ...process.env, TICKBENCH_DEMO: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout.on('data', (d: Buffer) => (log += d.toString()));
      child.stderr.on('data', (d: Buffer) => (log += d.toString()));
      try {
        const url = await waitForUrl(child, () => log);
        const parsed = new URL(url);
        await use({
          url,
          origin: parsed.origin,
          token: parsed.searchParams.get('token') ?? '',
          workspace,
          output: () => log,
        });
      } finally {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(workspace, { recursive: true, force: true });
      }
      // The first detached ArrayBuffer in a thread slows its typed-array code for good (see
      // test/engine/cli/node/no-detach.int.test.ts): the server must never detach one.
      if (log.includes(DETACH_TRACE))
        throw new Error(`tickbench serve detached an ArrayBuffer; output:\n${log.slice(-4000)}`);
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  // Every console error or uncaught page error fails the test that produced it.
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
  },
});

export { expect } from '@playwright/test';
