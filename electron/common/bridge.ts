/**
 * What the preload puts on `window.tickbench`, and the channel names it uses. Every method
 * resolves to a `Reply` (never rejects with an engine error): errors keep their `code` that way,
 * which an `Error` crossing `contextBridge` would lose.
 */
import type { Reply } from './contract-error';
import type { ArgsOf, EventMap, EventName, ResultOf, TickbenchApi } from './contract';

/** The bridge form of one method. */
export type BridgeMethod<F> =
  ArgsOf<F> extends undefined ? () => Promise<Reply<ResultOf<F>>> : (args: ArgsOf<F>) => Promise<Reply<ResultOf<F>>>;

/** `window.tickbench`: the contract's methods (one function each) and one event subscription. */
export type TickbenchBridge = {
  readonly [S in keyof TickbenchApi]: { readonly [M in keyof TickbenchApi[S]]: BridgeMethod<TickbenchApi[S][M]> };
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
