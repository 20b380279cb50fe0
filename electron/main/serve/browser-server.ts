/**
 * Browser mode's HTTP server: the renderer build and the WebSocket transport on 127.0.0.1 only,
 * guarded by a per-launch token (see request-guard.ts). Refused requests get a bare 403 — no
 * asset, no hint. Node only: must not import 'electron' (the CLI loads it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { resolveAppPath } from '../security/app-path';
import { securityHeaders } from '../security/csp';
import { WS_PATH } from '../../common/ws-protocol';
import type { Router } from '../router';
import type { EventHub } from '../services/event-hub';
import { cookieName, guardRequest } from './request-guard';
import { newToken } from './token';
import { createWsEndpoint } from './ws-endpoint';

export interface BrowserServerOptions {
  /** Folder of the renderer build (with index.html). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly router: Router;
  readonly hub: EventHub;
  /** Fixed token (tests); a random one otherwise. */
  readonly token?: string;
}

export interface BrowserServer {
  readonly port: number;
  readonly token: string;
  /** The URL to open: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Loopback only, by design: browser mode is never reachable from another machine. */
export const LOOPBACK = '127.0.0.1';

function refuse(res: ServerResponse, status: 400 | 403 | 404 | 405 | 500): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...securityHeaders(),
  });
  res.end(status === 403 ? 'forbidden\n' : status === 404 ? 'not found\n' : 'refused\n');
}

export async function ensureRendererBuilt(rendererDir: string): Promise<void> {
  try {
    await stat(join(rendererDir, 'index.html'));
  } catch {
    throw new Error(
      `the renderer is not built: ${join(rendererDir, 'index.html')} is missing (run \`npm run build:renderer\`)`,
    );
  }
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  await ensureRendererBuilt(options.rendererDir);
  const token = options.token ?? newToken();
  const ws = createWsEndpoint(options.router, options.hub);
  let port = options.port;
  const facts = (req: IncomingMessage, isWebSocket: boolean) => ({
    url: req.url ?? '/',
    host: req.headers.host,
    origin: req.headers.origin,
    cookie: req.headers.cookie,
    isWebSocket,
  });

  const server = createServer((req, res) => {
    const verdict = guardRequest(facts(req, false), token, port);
    if (!verdict.ok) {
      refuse(res, 403);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405);
      return;
    }
    const target = resolveAppPath(options.rendererDir, verdict.path);
    if (!target.ok) {
      refuse(res, target.status);
      return;
    }
    readFile(target.file).then(
      (body) => {
        const headers: Record<string, string> = {
          'Content-Type': target.mime,
          'Content-Length': String(body.length),
          'Cache-Control': 'no-store',
          ...securityHeaders(),
        };
        if (verdict.setCookie) {
          headers['Set-Cookie'] = `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
        }
        res.writeHead(200, headers);
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => {
        refuse(res, 404);
      },
    );
  });

  server.on('upgrade', (req, socket, head) => {
    const verdict = guardRequest(facts(req, true), token, port);
    if (!verdict.ok || verdict.path !== WS_PATH) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    ws.accept(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    async close() {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
