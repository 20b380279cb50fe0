/**
 * The WebSocket transport of browser mode: one connection per tab, JSON frames
 * `{id, method, args}` → `{id, result}` | `{id, error}`, and `{event, payload}` pushed from the
 * event hub. Every call goes through the same router (and schemas) as Electron IPC.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_MAX_MESSAGE, parseWsRequest, type WsServerMessage } from '../../common/ws-protocol';
import type { Router } from '../router';
import type { EventHub } from '../services/event-hub';

/** Frames queued beyond this many bytes for a slow client are dropped (events only, never replies). */
const EVENT_BACKLOG_LIMIT = 8 * 1024 * 1024;

export interface WsEndpoint {
  /** Completes an already authorised upgrade request. */
  accept(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

function send(ws: WebSocket, message: WsServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export function createWsEndpoint(router: Router, hub: EventHub): WsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_MESSAGE });
  wss.on('connection', (ws) => {
    const unsubscribe = hub.subscribe((event, payload) => {
      if (ws.bufferedAmount < EVENT_BACKLOG_LIMIT) send(ws, { event, payload });
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send(ws, {
          id: -1,
          error: { code: 'invalid-argument', message: 'message: received binary, allowed JSON text' },
        });
        return;
      }
      const request = parseWsRequest(
        Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(toBuffers(data)).toString('utf8'),
      );
      if ('invalid' in request) {
        send(ws, { id: request.id ?? -1, error: { code: 'invalid-argument', message: request.invalid } });
        return;
      }
      void router.call(request.method, request.args).then((reply) => {
        send(
          ws,
          reply.ok ? { id: request.id, result: reply.result } : { id: request.id, error: reply.error },
        );
      });
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  });
  return {
    accept(request, socket, head) {
      wss.handleUpgrade(request, socket, head, (ws) => {
        wss.emit('connection', ws, request);
      });
    },
    close() {
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
    },
  };
}

function toBuffers(data: Buffer | ArrayBuffer | Buffer[]): Buffer[] {
  if (Array.isArray(data)) return data;
  if (data instanceof ArrayBuffer) return [Buffer.from(data)];
  return [data];
}
