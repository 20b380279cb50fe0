/**
 * The privileged `app://` scheme that serves the renderer build. `file://` is not used: module
 * scripts and workers from file:// are blocked by CORS, and a custom standard+secure scheme gives
 * the page a real origin (app://tickbench) that IPC sender checks can pin.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { resolveAppPath } from './security/app-path';
import { securityHeaders } from './security/csp';
import { APP_HOST, APP_SCHEME } from './security/origins';

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

function refusal(status: number): Response {
  return new Response(status === 403 ? 'forbidden' : 'not found', {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() },
  });
}

/** Serves files of `rendererDir` (inside app.asar when packaged) with the CSP on every response. */
export function handleAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return refusal(403);
    const target = resolveAppPath(rendererDir, url.pathname);
    if (!target.ok) return refusal(target.status);
    try {
      const body = await readFile(target.file);
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': target.mime, 'Cache-Control': 'no-store', ...securityHeaders() },
      });
    } catch {
      return refusal(404);
    }
  });
}
