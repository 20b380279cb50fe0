/**
 * The real Electron app, driven through Playwright's `_electron`. Runs wherever the Electron
 * binary is installed (CI, a developer machine); where it is not (it cannot be downloaded on
 * every machine), every test is skipped with the reason.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The Electron executable, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  const require = createRequire(join(ROOT, 'package.json'));
  const pkg = dirname(require.resolve('electron/package.json'));
  if (!existsSync(join(pkg, 'path.txt'))) {
    return {
      missing:
        'the Electron binary is not installed here (node_modules/electron/path.txt is missing); run on a machine where `npm install` could download it',
    };
  }
  const path = join(pkg, 'dist', readFileSync(join(pkg, 'path.txt'), 'utf8'));
  return existsSync(path) ? { path } : { missing: `the Electron binary ${path} does not exist` };
}

const binary = electronBinary();
if ('missing' in binary) console.log(`[electron] skipped: ${binary.missing}`);

test.describe('Electron app', () => {
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '');

  let app: ElectronApplication | undefined;
  let page: Page;
  let workspace: string | undefined;

  /** The launched app (only reached when beforeAll launched it). */
  const launched = (): ElectronApplication => {
    if (app === undefined) throw new Error('the Electron app did not launch');
    return app;
  };

  test.beforeAll(async () => {
    if (!('path' in binary)) return;
    workspace = mkdtempSync(join(tmpdir(), 'tickbench-electron-'));
    const started = await electron.launch({
      executablePath: binary.path,
      args: [ROOT, '--workspace', workspace],
      env: { ...process.env, TICKBENCH_DEMO: '1' },
    });
    app = started;
    page = await started.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true });
  });

  test('loads the renderer from app:// with the datasets of the workspace', async ({}, info) => {
    expect(page.url()).toBe('app://tickbench/index.html');
    await expect(page.getByTestId('connection-status')).toHaveText('open');
    await expect(page.getByTestId('datasets-table')).toContainText('BTCUSDT');
    await page.screenshot({ path: info.outputPath('electron-workbench.png') });
  });

  test('the page has no Node and sees exactly the contract on window.tickbench', async () => {
    const facts = await page.evaluate(() => {
      const bridge = Reflect.get(window, 'tickbench') as Record<string, unknown>;
      const names = Object.entries(bridge).flatMap(([k, v]) =>
        typeof v === 'object' && v !== null ? Object.keys(v).map((m) => `${k}.${m}`) : [k],
      );
      return {
        require: typeof Reflect.get(window, 'require'),
        process: typeof Reflect.get(window, 'process'),
        names,
      };
    });
    expect(facts.require).toBe('undefined');
    expect(facts.process).toBe('undefined');
    expect(facts.names).toContain('data.listDatasets');
    expect(facts.names).toContain('subscribe');
    expect(facts.names.some((n) => /ipc|invoke|send/i.test(n))).toBe(false);
  });

  test('rejects bad arguments over IPC and keeps working', async () => {
    const replies = await page.evaluate(async () => {
      const bridge = Reflect.get(window, 'tickbench') as { query: { run(a: unknown): Promise<unknown> } };
      return [
        await bridge.query.run({ sql: 'SELECT 1', limit: -1 }),
        await bridge.query.run({ sql: 'SELECT 7 AS seven', limit: 5 }),
      ];
    });
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(replies[1]).toMatchObject({ ok: true, result: { rows: [[7]] } });
  });

  test('denies navigation away and new windows', async () => {
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://tickbench/index.html');
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(launched().windows()).toHaveLength(1);
  });

  test('reloads a crashed renderer without losing engine state', async () => {
    await launched().evaluate(({ BrowserWindow }) => {
      BrowserWindow.getAllWindows()[0]?.webContents.forcefullyCrashRenderer();
    });
    const reloaded = await launched().firstWindow();
    await expect(reloaded.getByTestId('datasets-table')).toContainText('BTCUSDT', { timeout: 30_000 });
  });

  test('a second launch focuses the first instead of starting', async () => {
    if (!('path' in binary) || workspace === undefined) return;
    const second = spawn(binary.path, [ROOT, '--workspace', workspace], { stdio: 'ignore' });
    const code = await new Promise<number | null>((r) => second.on('exit', r));
    expect(code).toBe(0);
    expect(launched().windows()).toHaveLength(1);
  });
});
