import type { MethodName } from '@contract/contract';
import type { Reply } from '@contract/contract-error';

/** How the client reaches the engine: Electron's preload bridge or the browser-mode WebSocket. */
export interface Transport {
  readonly host: 'electron' | 'browser';
  /** Sends one call; resolves to its reply (transport failures become `transport` errors). */
  call(method: MethodName, args: unknown): Promise<Reply<unknown>>;
  /** Receives every engine event; returns the unsubscribe function. */
  listen(listener: (event: string, payload: unknown) => void): () => void;
  /** Connection state changes (browser mode reconnects after a server restart). */
  onStatus(listener: (status: TransportStatus) => void): () => void;
}

export type TransportStatus = 'connecting' | 'open' | 'closed';
