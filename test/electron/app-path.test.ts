import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPath } from '../../electron/main/security/app-path';

const root = resolve('/srv/tickbench/dist/renderer');

describe('resolveAppPath', () => {
  it('serves index.html for / and files inside the root with their type', () => {
    expect(resolveAppPath(root, '/')).toEqual({
      ok: true,
      file: join(root, 'index.html'),
      mime: 'text/html; charset=utf-8',
    });
    expect(resolveAppPath(root, '/assets/index-abc.js')).toMatchObject({
      ok: true,
      file: join(root, 'assets/index-abc.js'),
      mime: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppPath(root, '/assets/a%20b.css')).toMatchObject({
      ok: true,
      file: join(root, 'assets/a b.css'),
    });
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/assets\\..\\..\\x.js',
    '/%00index.html',
    '/.env',
    '/assets/./x.js',
  ])('refuses %s', (path) => {
    const r = resolveAppPath(root, path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([400, 403]).toContain(r.status);
  });

  it('refuses malformed encodings and unknown file types', () => {
    expect(resolveAppPath(root, '/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, '/assets/x.exe')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'index.html')).toMatchObject({ ok: false, status: 400 });
  });
});
