/**
 * The Electron transport of the contract: one `ipcMain.handle` per method (channel names from
 * the contract's list), every message's sender checked — a main frame of one of our windows,
 * showing app:// content — before the router validates its arguments. Events go to every window.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, callChannel } from '../common/bridge';
import { METHOD_NAMES } from '../common/contract';
import type { Reply } from '../common/contract-error';
import type { Router } from './router';
import { checkSender } from './security/origins';
import type { EventHub } from './services/event-hub';

export function bindIpc(router: Router, hub: EventHub, windows: () => readonly BrowserWindow[]): () => void {
  const isKnown = (event: IpcMainInvokeEvent): boolean =>
    windows().some((w) => !w.isDestroyed() && w.webContents.id === event.sender.id);
  for (const method of METHOD_NAMES) {
    ipcMain.handle(callChannel(method), (event, args: unknown): Promise<Reply<unknown>> => {
      const frame = event.senderFrame;
      const verdict = checkSender({
        frameUrl: frame?.url ?? '',
        isMainFrame: frame !== null && frame.parent === null,
        isKnownWindow: isKnown(event),
      });
      if (!verdict.ok) {
        console.warn(`tickbench: refused IPC ${method}: ${verdict.reason}`);
        return Promise.resolve({
          ok: false,
          error: { code: 'forbidden', message: `refused: ${verdict.reason}` },
        });
      }
      return router.call(method, args);
    });
  }
  const unsubscribe = hub.subscribe((event, payload) => {
    for (const w of windows()) {
      if (!w.isDestroyed() && !w.webContents.isCrashed())
        w.webContents.send(EVENT_CHANNEL, { event, payload });
    }
  });
  return () => {
    unsubscribe();
    for (const method of METHOD_NAMES) ipcMain.removeHandler(callChannel(method));
  };
}
