import type { MethodName } from '@contract/contract';
import type { Reply } from '@contract/contract-error';
import { WS_PATH, parseWsServerMessage } from '@contract/ws-protocol';
import type { Transport, TransportStatus } from './transport';

/** A call waits this long for its reply before failing with a `transport` error. */
const CALL_TIMEOUT_MS = 120_000;
const MAX_BACKOFF_MS = 5_000;

interface Pending {
  readonly resolve: (reply: Reply<unknown>) => void;
  readonly timer: number;
}

/**
 * The browser-mode transport: one WebSocket to the serve origin, authorised by the launch token
 * from the page URL. Calls made while (re)connecting are queued; on a lost connection pending
 * calls fail with a `transport` error and the socket reconnects with backoff.
 */
export function wsTransport(token: string): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: TransportStatus) => void>();
  let status: TransportStatus = 'connecting';
  let nextId = 1;
  let backoff = 250;
  let socket: WebSocket;

  const setStatus = (s: TransportStatus): void => {
    status = s;
    for (const l of statusListeners) l(s);
  };

  const settle = (id: number, reply: Reply<unknown>): void => {
    const p = pending.get(id);
    if (p === undefined) return;
    pending.delete(id);
    window.clearTimeout(p.timer);
    p.resolve(reply);
  };

  const connect = (): void => {
    setStatus('connecting');
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      backoff = 250;
      setStatus('open');
      for (const frame of queue.splice(0)) socket.send(frame);
    });
    socket.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (typeof e.data !== 'string') return;
      const message = parseWsServerMessage(e.data);
      if (message === undefined) return;
      if ('event' in message) {
        for (const l of listeners) l(message.event, message.payload);
      } else if ('error' in message) settle(message.id, { ok: false, error: message.error });
      else settle(message.id, { ok: true, result: message.result });
    });
    socket.addEventListener('close', () => {
      for (const id of [...pending.keys()]) {
        settle(id, {
          ok: false,
          error: { code: 'transport', message: 'the connection to Tickbench was lost' },
        });
      }
      setStatus('closed');
      window.setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    });
  };
  connect();

  return {
    host: 'browser',
    call(method: MethodName, args: unknown): Promise<Reply<unknown>> {
      const id = nextId++;
      const frame = JSON.stringify(args === undefined ? { id, method } : { id, method, args });
      return new Promise((resolve) => {
        const timer = window.setTimeout(() => {
          settle(id, {
            ok: false,
            error: { code: 'transport', message: `${method} got no answer in ${CALL_TIMEOUT_MS / 1000} s` },
          });
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        if (status === 'open' && socket.readyState === WebSocket.OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
