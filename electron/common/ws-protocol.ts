/**
 * The browser-mode wire format over the WebSocket (JSON text frames):
 *  client → server `{ id, method, args }`;
 *  server → client `{ id, result }` or `{ id, error: { code, message } }`, and `{ event, payload }`.
 */
import type { WireError } from './contract-error';
import { isContractErrorCode } from './contract-error';

export interface WsRequest {
  readonly id: number;
  readonly method: string;
  readonly args?: unknown;
}

export type WsServerMessage =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: WireError }
  | { readonly event: string; readonly payload: unknown };

/** The path of the WebSocket endpoint on the serve origin. */
export const WS_PATH = '/ws';
/** Largest message either side accepts (bytes). */
export const WS_MAX_MESSAGE = 4 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a client frame; returns a reason string when it is not a well-formed request. */
export function parseWsRequest(
  text: string,
): WsRequest | { readonly invalid: string; readonly id: number | null } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { invalid: 'message: received text that is not JSON, allowed {id, method, args}', id: null };
  }
  if (!isRecord(value)) return { invalid: 'message: allowed a JSON object {id, method, args}', id: null };
  const { id, method, args } = value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    return {
      invalid: `message.id: received ${id === undefined ? 'nothing' : JSON.stringify(id)}, allowed a non-negative integer`,
      id: null,
    };
  }
  if (typeof method !== 'string')
    return { invalid: 'message.method: allowed a string like "data.listDatasets"', id };
  return { id, method, args };
}

/** Parses a server frame on the client side; `undefined` when it is malformed. */
export function parseWsServerMessage(text: string): WsServerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  if (typeof value.event === 'string') return { event: value.event, payload: value.payload };
  const id = value.id;
  if (typeof id !== 'number') return undefined;
  if ('error' in value) {
    const error = value.error;
    if (isRecord(error) && isContractErrorCode(error.code) && typeof error.message === 'string') {
      return { id, error: { code: error.code, message: error.message } };
    }
    return { id, error: { code: 'transport', message: 'malformed error from the server' } };
  }
  return { id, result: value.result };
}
