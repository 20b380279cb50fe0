/**
 * Who may talk to the main process and where the app may go. Pure functions so that they are
 * unit-tested without Electron.
 */

/** The privileged scheme and host that serve the renderer in Electron. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tickbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True for URLs of the app's own origin (app://tickbench/…). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  // Chromium lower-cases hosts of standard schemes; Node's URL does not for custom ones.
  return (
    parsed !== undefined && parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST
  );
}

/** The parts of an IPC event's sender that decide whether it is trusted. */
export interface SenderFacts {
  /** URL of the frame that sent the message (empty when the frame is gone). */
  readonly frameUrl: string;
  /** Whether the frame is the top-level frame of its page. */
  readonly isMainFrame: boolean;
  /** Whether the web contents is one of the app's own windows. */
  readonly isKnownWindow: boolean;
}

/** An IPC message is handled only from the main frame of an app window showing app:// content. */
export function checkSender(
  facts: SenderFacts,
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  if (!facts.isKnownWindow) return { ok: false, reason: 'sender is not a Tickbench window' };
  if (!facts.isMainFrame) return { ok: false, reason: 'sender is a subframe' };
  if (!isAppUrl(facts.frameUrl)) {
    return {
      ok: false,
      reason: `sender origin ${JSON.stringify(facts.frameUrl.slice(0, 80))} is not ${APP_ORIGIN}`,
    };
  }
  return { ok: true };
}

/** Hosts that links in the app may open in the user's browser (https only, exact host match). */
export const EXTERNAL_HOSTS: readonly string[] = [
  'github.com',
  'duckdb.org',
  'tradingview.github.io',
  'developers.binance.com',
  'docs.tardis.dev',
];

/** True when `url` may be passed to `shell.openExternal`: https, no credentials, host on the list. */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  const parsed = parse(url);
  if (parsed === undefined || parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  return hosts.includes(parsed.hostname.toLowerCase());
}
