import { EVENT_NAMES, type MethodName } from '@contract/contract';
import type { Reply } from '@contract/contract-error';
import type { TickbenchBridge } from '@contract/bridge';
import type { Transport, TransportStatus } from './transport';

/** The preload's bridge, when the page runs in the Electron window. */
export function findBridge(): TickbenchBridge | undefined {
  const bridge: unknown = Reflect.get(window, 'tickbench');
  return typeof bridge === 'object' && bridge !== null ? (bridge as TickbenchBridge) : undefined;
}

/** Calls through `window.tickbench` (one function per contract method). */
export function electronTransport(bridge: TickbenchBridge): Transport {
  return {
    host: 'electron',
    async call(method: MethodName, args: unknown): Promise<Reply<unknown>> {
      const dot = method.indexOf('.');
      const service: unknown = Reflect.get(bridge, method.slice(0, dot));
      const fn: unknown =
        typeof service === 'object' && service !== null
          ? Reflect.get(service, method.slice(dot + 1))
          : undefined;
      if (typeof fn !== 'function') {
        return { ok: false, error: { code: 'transport', message: `the preload does not expose ${method}` } };
      }
      try {
        return (await Reflect.apply(fn, service, args === undefined ? [] : [args])) as Reply<unknown>;
      } catch (error) {
        return {
          ok: false,
          error: { code: 'transport', message: error instanceof Error ? error.message : String(error) },
        };
      }
    },
    listen(listener) {
      const offs = EVENT_NAMES.map((name) =>
        bridge.subscribe(name, (payload) => {
          listener(name, payload);
        }),
      );
      return () => {
        for (const off of offs) off();
      };
    },
    onStatus(listener: (status: TransportStatus) => void) {
      // IPC has no connection to lose.
      listener('open');
      return () => undefined;
    },
  };
}
