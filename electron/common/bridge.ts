/**
 * What the preload puts on `window.tickbench`, and the channel names it uses. Every method
 * resolves to a `Reply` (never rejects with an engine error): errors keep their `code` that way,
 * which an `Error` crossing `contextBridge` would lose.
 */
import type { Reply } from './contract-error';
import type { ArgsOf, EventMap, EventName, ResultOf, TickbenchApi } from './contract';
import { CONTRACT_VERSION, EVENT_NAMES, METHOD_NAMES } from './contract';

/** The bridge form of one method. */
export type BridgeMethod<F> =
  ArgsOf<F> extends undefined
    ? () => Promise<Reply<ResultOf<F>>>
    : (args: ArgsOf<F>) => Promise<Reply<ResultOf<F>>>;

/** `window.tickbench`: the contract's methods (one function each) and one event subscription. */
export type TickbenchBridge = {
  readonly [S in keyof TickbenchApi]: {
    readonly [M in keyof TickbenchApi[S]]: BridgeMethod<TickbenchApi[S][M]>;
  };
} & {
  /** Subscribes to an engine event; returns the unsubscribe function. */
  readonly subscribe: <E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) => () => void;
  readonly contractVersion: number;
};

/** The global name the preload exposes. */
export const BRIDGE_GLOBAL = 'tickbench';
/** IPC channel of a method. */
export const callChannel = (method: string): string => `tickbench:call:${method}`;
/** IPC channel on which the main process pushes `{ event, payload }`. */
export const EVENT_CHANNEL = 'tickbench:event';

/** The few `ipcRenderer` functions the bridge needs (injected, so this file has no Electron import). */
export interface BridgeIpc {
  invoke(channel: string, args: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, message: unknown) => void): void;
}

/**
 * Builds `window.tickbench` from the contract's method list: one function per method, nothing
 * else. No `ipcRenderer`, channel name or Electron event object ever reaches the page.
 */
export function createBridge(ipc: BridgeIpc): TickbenchBridge {
  const services: Record<string, Record<string, (args?: unknown) => Promise<unknown>>> = {};
  for (const name of METHOD_NAMES) {
    const dot = name.indexOf('.');
    const table = (services[name.slice(0, dot)] ??= {});
    const channel = callChannel(name);
    table[name.slice(dot + 1)] = (args?: unknown) => ipc.invoke(channel, args);
  }
  for (const table of Object.values(services)) Object.freeze(table);
  const subscribe = (event: unknown, listener: unknown): (() => void) => {
    if (typeof event !== 'string' || !(EVENT_NAMES as readonly string[]).includes(event)) {
      throw new TypeError(
        `subscribe: received event ${JSON.stringify(event)}, allowed ${EVENT_NAMES.join(', ')}`,
      );
    }
    if (typeof listener !== 'function') throw new TypeError('subscribe: the listener must be a function');
    const onMessage = (_event: unknown, message: unknown): void => {
      if (typeof message === 'object' && message !== null && Reflect.get(message, 'event') === event) {
        Reflect.apply(listener, undefined, [Reflect.get(message, 'payload')]);
      }
    };
    ipc.on(EVENT_CHANNEL, onMessage);
    return () => {
      ipc.removeListener(EVENT_CHANNEL, onMessage);
    };
  };
  // The table holds exactly METHOD_NAMES, each resolving to the main process's `Reply`.
  return Object.freeze({
    ...services,
    subscribe,
    contractVersion: CONTRACT_VERSION,
  }) as unknown as TickbenchBridge;
}
