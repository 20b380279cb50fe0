import { expect, test, FIXTURES } from './serve-fixture';
import { join } from 'node:path';

test.describe('browser mode: the workbench', () => {
  test('loads with no console errors and connects over the WebSocket', async ({
    page,
    served,
    consoleErrors,
  }, info) => {
    await page.goto(served.url);
    await expect(page.getByTestId('connection-status')).toHaveText('open');
    await expect(page.getByTestId('workspace-path')).toContainText(served.workspace);
    await page.screenshot({ path: info.outputPath('workbench.png') });
    expect(consoleErrors).toEqual([]);
  });

  test('lists the datasets of the workspace in the Data panel', async ({
    page,
    served,
    consoleErrors,
  }, info) => {
    await page.goto(served.url);
    const table = page.getByTestId('datasets-table');
    await expect(table).toBeVisible();
    await expect(table.locator('tbody tr')).not.toHaveCount(0);
    await expect(table).toContainText('BTCUSDT');
    await table.locator('tbody tr').first().click();
    await expect(page.getByTestId('quality-table')).toContainText('rows read');
    await page.screenshot({ path: info.outputPath('data-panel.png') });
    expect(consoleErrors).toEqual([]);
  });

  test('imports a file by path with progress, then lists it', async ({ page, served, consoleErrors }) => {
    await page.goto(served.url);
    await expect(page.getByTestId('connection-status')).toHaveText('open');
    await page.getByTestId('import-paths').fill(join(FIXTURES, 'binance-ws/spot_btcusdt_20240808.jsonl.gz'));
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-status')).toContainText('imported', { timeout: 60_000 });
    await expect(page.getByTestId('datasets-table')).toContainText('book');
    expect(consoleErrors).toEqual([]);
    expect(served.output()).not.toContain('Error');
  });

  test('shows import progress and cancels an import, leaving no dataset behind', async ({
    page,
    served,
    consoleErrors,
  }, info) => {
    await page.goto(served.url);
    await expect(page.getByTestId('connection-status')).toHaveText('open');
    await page
      .getByTestId('import-paths')
      .fill(
        ['usdm_ethusdt_20240808.jsonl.gz', 'usdm_ethusdt_20240718.jsonl.gz']
          .map((f) => join(FIXTURES, 'binance-ws', f))
          .join('\n'),
      );
    await page.getByTestId('import-start').click();
    // A progress line is "<phase>: <done> / <total>" (or without total).
    await expect(page.getByTestId('import-status')).toContainText(/\w: \d/, { timeout: 30_000 });
    await page.screenshot({ path: info.outputPath('import-progress.png') });
    await page.getByTestId('import-cancel').click();
    await expect(page.getByTestId('import-status')).toHaveText('import cancelled', { timeout: 30_000 });
    await expect(page.getByTestId('import-start')).toBeEnabled();
    await page.getByTestId('datasets-refresh').click();
    await expect(page.getByTestId('datasets-table')).toBeVisible();
    await expect(page.getByTestId('datasets-table')).not.toContainText('ETHUSDT');
    expect(consoleErrors).toEqual([]);
  });

  test('runs SQL in the Query panel', async ({ page, served, consoleErrors }) => {
    await page.goto(served.url);
    await page.getByTestId('nav-query').click();
    // The default statement summarises the catalog's datasets table.
    await page.getByTestId('query-run').click();
    await expect(page.getByTestId('query-table')).toContainText('trades');
    await page.getByTestId('query-sql').fill('SELECT 42 AS answer, 2::BIGINT ** 40 AS big');
    await page.getByTestId('query-run').click();
    await expect(page.getByTestId('query-table')).toContainText('42');
    await expect(page.getByTestId('query-status')).toContainText('1 row');
    expect(consoleErrors).toEqual([]);
  });

  test('loads Monaco and its TypeScript worker under the CSP', async ({
    page,
    served,
    consoleErrors,
  }, info) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) violations.push(m.text());
    });
    await page.goto(served.url);
    await page.getByTestId('nav-editor').click();
    await expect(page.getByTestId('editor-status')).toContainText('TypeScript worker ready', {
      timeout: 45_000,
    });
    await expect(page.locator('.monaco-editor')).toBeVisible();
    await expect(page.locator('.view-lines')).toContainText('export function vwap');
    await page.screenshot({ path: info.outputPath('editor.png') });
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('draws candles of a dataset in the Chart panel', async ({ page, served, consoleErrors }, info) => {
    await page.goto(served.url);
    await page.getByTestId('nav-chart').click();
    await expect(page.getByTestId('chart-dataset').locator('option')).not.toHaveCount(0);
    await page.getByTestId('chart-show').click();
    await expect(page.getByTestId('chart-status')).toContainText(/\d+ candles/);
    await expect(page.getByTestId('chart').locator('canvas').first()).toBeVisible();
    await page.screenshot({ path: info.outputPath('chart.png') });
    expect(consoleErrors).toEqual([]);
  });
});
