/**
 * Reloads the renderer when its process dies. Engine state (the lake, running jobs) lives in the
 * main process, so a reload loses nothing but the page; the reloaded page re-subscribes and sees
 * jobs' next events. A renderer that keeps crashing is not reloaded forever.
 */
import type { BrowserWindow } from 'electron';

const WINDOW_MS = 60_000;
const MAX_RELOADS = 3;

/** Pure policy: may we reload, given previous reload times? */
export function shouldReload(previous: readonly number[], now: number): boolean {
  return previous.filter((t) => now - t < WINDOW_MS).length < MAX_RELOADS;
}

export function recoverFromCrashes(win: BrowserWindow): void {
  const reloads: number[] = [];
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const now = Date.now();
    if (!shouldReload(reloads, now)) {
      console.error(
        `tickbench: the renderer crashed ${MAX_RELOADS} times within a minute (${details.reason}); not reloading`,
      );
      return;
    }
    reloads.push(now);
    console.warn(
      `tickbench: the renderer is gone (${details.reason}, exit code ${details.exitCode}); reloading`,
    );
    win.webContents.reload();
  });
}
