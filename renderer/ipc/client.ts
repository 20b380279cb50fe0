import {
  EVENT_NAMES,
  METHOD_NAMES,
  type EventMap,
  type EventName,
  type TickbenchApi,
} from '@contract/contract';
import { ContractError } from '@contract/contract-error';
import { findBridge, electronTransport } from './electron-transport';
import type { Transport, TransportStatus } from './transport';
import { wsTransport } from './ws-transport';

/** The one engine client of the renderer: the contract's services, events and connection state. */
export type Client = TickbenchApi & {
  readonly host: 'electron' | 'browser';
  subscribe<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  onStatus(listener: (status: TransportStatus) => void): () => void;
};

/** Builds the typed client over a transport: failed replies become thrown `ContractError`s. */
export function createClient(transport: Transport): Client {
  const services: Record<string, Record<string, (args?: unknown) => Promise<unknown>>> = {};
  for (const name of METHOD_NAMES) {
    const dot = name.indexOf('.');
    const service = name.slice(0, dot);
    const method = name.slice(dot + 1);
    const table = (services[service] ??= {});
    table[method] = async (args?: unknown) => {
      const reply = await transport.call(name, args);
      if (!reply.ok) throw ContractError.fromWire(reply.error);
      return reply.result;
    };
  }
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.listen((event, payload) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  });
  const extras = {
    host: transport.host,
    subscribe<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      if (!EVENT_NAMES.includes(event)) throw new ContractError('invalid-argument', `unknown event ${event}`);
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      // Payloads of `event` are EventMap[E] by the contract; the server is the only producer.
      const wrapped = (payload: unknown): void => {
        listener(payload as EventMap[E]);
      };
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onStatus: (listener: (status: TransportStatus) => void) => transport.onStatus(listener),
  };
  // The table above holds one function per contract method (built from METHOD_NAMES), each
  // returning what the server's typed implementation returned.
  return Object.assign(services, extras) as unknown as Client;
}

/**
 * Chooses the transport at start: the preload bridge inside Electron, else the WebSocket of
 * browser mode with the token from the page URL.
 */
export function connect(): Client {
  const bridge = findBridge();
  if (bridge !== undefined) return createClient(electronTransport(bridge));
  const token = new URLSearchParams(location.search).get('token');
  if (token === null || token === '') {
    throw new ContractError(
      'forbidden',
      'no access token in the page URL: open the URL that `tickbench serve` printed',
    );
  }
  return createClient(wsTransport(token));
}
