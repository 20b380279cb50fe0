import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, callChannel, createBridge, type BridgeIpc } from '../../electron/common/bridge';
import { METHOD_NAMES } from '../../electron/common/contract';

function fakeIpc(): BridgeIpc & {
  invoked: [string, unknown][];
  emit: (m: unknown) => void;
  listeners: number;
} {
  const listeners = new Set<(e: unknown, m: unknown) => void>();
  const ipc = {
    invoked: [] as [string, unknown][],
    invoke(channel: string, args: unknown) {
      ipc.invoked.push([channel, args]);
      return Promise.resolve({ ok: true, result: null });
    },
    on(channel: string, l: (e: unknown, m: unknown) => void) {
      expect(channel).toBe(EVENT_CHANNEL);
      listeners.add(l);
    },
    removeListener(_channel: string, l: (e: unknown, m: unknown) => void) {
      listeners.delete(l);
    },
    emit(m: unknown) {
      for (const l of listeners) l({ sender: 'ipc-event-object' }, m);
    },
    get listeners() {
      return listeners.size;
    },
  };
  return ipc;
}

describe('preload bridge', () => {
  it('exposes exactly the contract methods, one function each, plus subscribe', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    const exposed = Object.entries(bridge as Record<string, unknown>).flatMap(([k, v]) =>
      typeof v === 'object' && v !== null
        ? Object.entries(v).map(([m, f]) => [`${k}.${m}`, typeof f])
        : [[k, typeof v]],
    );
    expect(
      exposed
        .filter(([, t]) => t === 'function')
        .map(([n]) => n)
        .sort(),
    ).toEqual([...METHOD_NAMES, 'subscribe'].sort());
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.data)).toBe(true);
    await bridge.query.run({ sql: 'SELECT 1', limit: 1 });
    await bridge.data.listDatasets();
    expect(ipc.invoked).toEqual([
      [callChannel('query.run'), { sql: 'SELECT 1', limit: 1 }],
      [callChannel('data.listDatasets'), undefined],
    ]);
  });

  it('subscriptions deliver only their event, never the IPC event object, and unsubscribe', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    const got: unknown[] = [];
    const off = bridge.subscribe('job.progress', (p) => got.push(p));
    ipc.emit({ event: 'job.finished', payload: 1 });
    ipc.emit({ event: 'job.progress', payload: 2 });
    off();
    ipc.emit({ event: 'job.progress', payload: 3 });
    expect(got).toEqual([2]);
    expect(ipc.listeners).toBe(0);
    expect(() => bridge.subscribe('nope' as 'job.progress', () => undefined)).toThrow(/allowed job.progress/);
  });
});
