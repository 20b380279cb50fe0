/**
 * Electron main (bundled to dist/electron/main.cjs): lifecycle, the single-instance lock, the
 * app:// protocol, the secure window and the IPC transport bound to the engine services. The
 * engine (DuckDB is single-writer) lives here, in one process; a second launch focuses the first.
 */
import { app, type BrowserWindow } from 'electron';
import { join, resolve } from 'node:path';
import { defaultWorkspace } from '../../engine/cli/node/default-workspace';
import { handleAppScheme, registerAppScheme } from './app-protocol';
import { recoverFromCrashes } from './crash-recovery';
import { bindIpc } from './ipc-transport';
import { installMenu } from './menu';
import { createRouter } from './router';
import { createEngineServices, type EngineServices } from './services/engine-services';
import { openLakeAt } from './services/lake-binding';
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

/**
 * The demo sample shipped with the app, imported when the workspace is created — for the default
 * workspace (a newcomer's first run) or when TICKBENCH_DEMO=1, the same rule as the CLI.
 */
function demoFolder(workspace: string): string | undefined {
  const wanted = workspace === defaultWorkspace() || process.env.TICKBENCH_DEMO === '1';
  return wanted ? join(app.getAppPath(), 'demo') : undefined;
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
      const workspace = workspaceFromArgv(process.argv);
      services = createEngineServices({
        workspace,
        host: 'electron',
        appVersion: app.getVersion(),
        openLake: () => openLakeAt(workspace, demoFolder(workspace)),
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
