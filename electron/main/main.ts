/**
 * Electron main (bundled to dist/electron/main.cjs): lifecycle, the single-instance lock, the
 * app:// protocol, the secure window and the IPC transport bound to the engine services. The
 * engine (DuckDB is single-writer) lives here, in one process; a second launch focuses the first.
 */
import { BrowserWindow, app } from 'electron';
import { join, resolve } from 'node:path';
import { defaultWorkspace } from '../../engine/cli/node/main';
import { handleAppScheme, registerAppScheme } from './app-protocol';
import { recoverFromCrashes } from './crash-recovery';
import { bindIpc } from './ipc-transport';
import { installMenu } from './menu';
import { createRouter } from './router';
import { createEngineServices, type EngineServices } from './services/engine-services';
import { openLake } from './services/lake-binding';
import { createMainWindow, denyAllPermissions, hardenWebContents } from './window';

/** `--workspace DIR` (or `--workspace=DIR`) on the command line, else the CLI's default. */
export function workspaceFromArgv(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--workspace' && argv[i + 1] !== undefined) return resolve(argv[i + 1] ?? '');
    if (a.startsWith('--workspace=')) return resolve(a.slice('--workspace='.length));
  }
  return defaultWorkspace();
}

function run(): void {
  if (!app.requestSingleInstanceLock()) {
    // Another instance owns the workspace (and DuckDB's file lock): it gets focused instead.
    app.quit();
    return;
  }
  registerAppScheme();
  app.enableSandbox();

  const windows: BrowserWindow[] = [];
  let services: EngineServices | undefined;

  const openWindow = (): void => {
    const win = createMainWindow(join(__dirname, 'preload.cjs'));
    recoverFromCrashes(win);
    windows.push(win);
    win.on('closed', () => {
      windows.splice(windows.indexOf(win), 1);
    });
  };

  app.on('second-instance', () => {
    const win = windows[0];
    if (win === undefined) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents);
  });

  app
    .whenReady()
    .then(() => {
      denyAllPermissions();
      handleAppScheme(join(app.getAppPath(), 'dist', 'renderer'));
      installMenu();
      services = createEngineServices({
        workspace: workspaceFromArgv(process.argv),
        host: 'electron',
        appVersion: app.getVersion(),
        openLake,
        demo: true,
      });
      bindIpc(createRouter(services.api), services.hub, () => windows);
      openWindow();
      app.on('activate', () => {
        if (windows.length === 0) openWindow();
      });
    })
    .catch((error: unknown) => {
      console.error(`tickbench: could not start: ${error instanceof Error ? error.message : String(error)}`);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || services === undefined) return;
    // Release DuckDB cleanly before exiting (cancels running jobs first).
    closing = true;
    event.preventDefault();
    void services.close().finally(() => {
      app.quit();
    });
  });
}

run();
