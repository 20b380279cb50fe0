/**
 * Binds the contract to the engine services, independently of the transport: a call arrives as
 * a wire name and raw arguments, is checked against the contract's schema, runs, and leaves as a
 * `Reply`. Electron IPC and the browser-mode WebSocket both go through `Router.call`, so argument
 * validation and error mapping are the same for both. No `electron` import here: the CLI's
 * `serve` command loads this file.
 */
import type { TickbenchApi } from '../common/contract';
import { parseMethodName } from '../common/contract';
import { ContractError, isContractErrorCode, type Reply, type WireError } from '../common/contract-error';
import { TickbenchError, errorMessage } from '../../engine/core/errors';

/** Maps anything thrown by a service to its wire form, keeping stable codes. */
export function toWireError(error: unknown): WireError {
  if (error instanceof ContractError) return error.toWire();
  if (error instanceof TickbenchError) return { code: error.code, message: error.message };
  if (error instanceof Error && 'code' in error && isContractErrorCode(error.code)) {
    return { code: error.code, message: error.message };
  }
  return { code: 'internal', message: errorMessage(error) };
}

export interface Router {
  /** Validates and runs one call; never rejects. */
  call(method: unknown, args: unknown): Promise<Reply<unknown>>;
}

type Handler = (args: unknown) => Promise<unknown>;

function handlerOf(api: TickbenchApi, service: keyof TickbenchApi, method: string): Handler | undefined {
  // A service object indexed by a method name the contract lists (checked by parseMethodName).
  const impl: object = api[service];
  const fn: unknown = Reflect.get(impl, method);
  if (typeof fn !== 'function') return undefined;
  return (args) => Promise.resolve(Reflect.apply(fn, impl, args === undefined ? [] : [args]) as unknown);
}

export function createRouter(api: TickbenchApi): Router {
  return {
    async call(method, args) {
      const parsed = parseMethodName(method);
      if (parsed === undefined) {
        const shown = typeof method === 'string' ? JSON.stringify(method.slice(0, 80)) : typeof method;
        return {
          ok: false,
          error: {
            code: 'invalid-argument',
            message: `method: received ${shown}, allowed a contract method like "data.listDatasets"`,
          },
        };
      }
      try {
        const valid = parsed.schema.check(args, `${parsed.service}.${parsed.method}(args)`);
        const handler = handlerOf(api, parsed.service, parsed.method);
        if (handler === undefined) {
          throw new ContractError('internal', `no handler bound for ${parsed.service}.${parsed.method}`);
        }
        const result = await handler(valid);
        return { ok: true, result: result ?? null };
      } catch (error) {
        return { ok: false, error: toWireError(error) };
      }
    },
  };
}
