import { request } from '@playwright/test';
import NodeWebSocket from 'ws';
import { expect, test } from './serve-fixture';

test.describe('browser mode: security', () => {
  test('the page has no Node', async ({ page, served }) => {
    await page.goto(served.url);
    await expect(page.getByTestId('connection-status')).toHaveText('open');
    const types = await page.evaluate(() => [
      typeof Reflect.get(globalThis, 'require'),
      typeof Reflect.get(globalThis, 'process'),
      typeof Reflect.get(globalThis, 'module'),
    ]);
    expect(types).toEqual(['undefined', 'undefined', 'undefined']);
  });

  test('requests without the token get 403 and nothing else', async ({ served }) => {
    const api = await request.newContext();
    try {
      for (const path of ['/', '/index.html', '/?token=wrong', '/assets/', '/ws']) {
        const res = await api.get(`${served.origin}${path}`);
        expect(res.status(), path).toBe(403);
        expect((await res.text()).trim(), path).toBe('forbidden');
      }
      const ok = await api.get(served.url);
      expect(ok.status()).toBe(200);
      expect(ok.headers()['content-security-policy']).toContain("script-src 'self'");
      // A wrong Host (DNS rebinding) is refused even with the token.
      const rebound = await api.get(served.url, {
        headers: { Host: `evil.example:${new URL(served.url).port}` },
      });
      expect(rebound.status()).toBe(403);
    } finally {
      await api.dispose();
    }
  });

  test('path traversal is refused', async ({ served }) => {
    const api = await request.newContext();
    try {
      for (const path of [
        '/%2e%2e/%2e%2e/package.json',
        '/assets/..%2f..%2fpackage.json',
        '/..%5c..%5cpackage.json',
      ]) {
        const res = await api.get(`${served.origin}${path}?token=${served.token}`);
        expect([400, 403, 404], path).toContain(res.status());
        expect(await res.text(), path).not.toContain('"name"');
      }
    } finally {
      await api.dispose();
    }
  });

  test('a WebSocket without the token, or from another origin, is refused', async ({ page, served }) => {
    await page.goto(served.url);
    const outcomes = await page.evaluate(async (origin) => {
      const attempt = (url: string): Promise<string> =>
        new Promise((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => {
            ws.close();
            resolve('open');
          };
          ws.onerror = () => {
            resolve('refused');
          };
        });
      const wsOrigin = origin.replace('http', 'ws');
      return [await attempt(`${wsOrigin}/ws`), await attempt(`${wsOrigin}/ws?token=nope`)];
    }, served.origin);
    expect(outcomes).toEqual(['refused', 'refused']);
  });

  test('a WebSocket with the token but from another origin is refused', async ({ served }) => {
    const attempt = (origin: string): Promise<string> =>
      new Promise((resolve) => {
        const ws = new NodeWebSocket(`${served.origin.replace('http', 'ws')}/ws?token=${served.token}`, {
          origin,
        });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => {
          resolve(String(res.statusCode));
        });
        ws.on('error', () => {
          resolve('error');
        });
      });
    expect(await attempt('http://evil.example')).toBe('403');
    expect(await attempt(served.origin)).toBe('open');
  });

  test('a call with bad arguments is rejected with a validation error and the app stays up', async ({
    page,
    served,
    consoleErrors,
  }) => {
    await page.goto(served.url);
    await expect(page.getByTestId('connection-status')).toHaveText('open');
    const replies = await page.evaluate(async (token) => {
      const ws = new WebSocket(`ws://${location.host}/ws?token=${token}`);
      await new Promise((r) => (ws.onopen = r));
      const replies = new Map<number, unknown>();
      ws.onmessage = (e: MessageEvent<string>) => {
        const m = JSON.parse(e.data) as { id?: number };
        if (typeof m.id === 'number') replies.set(m.id, m);
      };
      const send = (m: unknown): void => {
        ws.send(typeof m === 'string' ? m : JSON.stringify(m));
      };
      send({ id: 1, method: 'query.run', args: { sql: 'SELECT 1', limit: -5 } });
      send({ id: 2, method: 'data.getDataset', args: { name: 'x', extra: true } });
      send({ id: 3, method: 'process.exit', args: {} });
      send('not json');
      send({ id: 4, method: 'replay.start', args: { datasets: ['a'], speed: 1 } });
      send({ id: 5, method: 'query.run', args: { sql: 'SELECT 7 AS seven', limit: 10 } });
      for (let i = 0; i < 200 && !replies.has(5); i++) await new Promise((r) => setTimeout(r, 50));
      ws.close();
      return Object.fromEntries(replies);
    }, served.token);
    expect(replies[1]).toMatchObject({
      error: { code: 'invalid-argument', message: expect.stringContaining('limit: received -5') },
    });
    expect(replies[2]).toMatchObject({
      error: { code: 'invalid-argument', message: expect.stringContaining('unknown key "extra"') },
    });
    expect(replies[3]).toMatchObject({ error: { code: 'invalid-argument' } });
    expect(replies[-1]).toMatchObject({
      error: { code: 'invalid-argument', message: expect.stringContaining('not JSON') },
    });
    // Replay is bound to the engine: an unknown dataset is an engine error, not a crash.
    expect(replies[4]).toMatchObject({
      error: { code: 'not-found', message: expect.stringContaining('"a"') },
    });
    expect(replies[5]).toMatchObject({ result: { columns: ['seven'], rows: [[7]] } });
    // The page's own connection still works.
    await page.getByTestId('nav-query').click();
    await page.getByTestId('query-run').click();
    await expect(page.getByTestId('query-status')).toContainText('row');
    expect(consoleErrors).toEqual([]);
  });

  test('the CSP blocks connections to other hosts; responses forbid framing and referrers', async ({
    page,
    served,
  }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(served.url);
    const result = await page.evaluate(async () => {
      try {
        await fetch('https://example.com/');
        return 'fetched';
      } catch {
        return 'blocked';
      }
    });
    expect(result).toBe('blocked');
    expect(violations.join('\n')).toContain('Content Security Policy');
    const response = await page.request.get(served.url);
    expect(response.headers()['referrer-policy']).toBe('no-referrer');
    expect(response.headers()['x-frame-options']).toBe('DENY');
    expect(response.headers()['content-security-policy']).toContain("connect-src 'self'");
  });
});
