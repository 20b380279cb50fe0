/**
 * The secure window factory and the guards every web contents gets: no Node in the page, a
 * sandboxed and context-isolated renderer, no navigation away from app://, no new windows, no
 * permissions, external links only to allow-listed https hosts (opened in the user's browser).
 */
import { BrowserWindow, app, session, shell, type WebContents } from 'electron';
import { APP_ENTRY_URL, isAllowedExternalUrl } from './security/origins';

/** Opens `url` in the user's browser if it is on the allow-list; otherwise does nothing. */
export function openExternalIfAllowed(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
  else
    console.warn(
      `tickbench: refused to open ${JSON.stringify(url.slice(0, 200))} (not an allow-listed https link)`,
    );
}

/** Guards for any web contents (installed from `web-contents-created`, so none is missed). */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    // The app is a single page: any navigation is either a link to the outside or an attack.
    event.preventDefault();
    openExternalIfAllowed(event.url);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check (camera, notifications, clipboard-read, …). */
export function denyAllPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    show: false,
    backgroundColor: '#15181d',
    title: 'Tickbench',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click would open links outside the will-navigate / window-open guards.
      disableBlinkFeatures: 'Auxclick',
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => {
    win.show();
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
