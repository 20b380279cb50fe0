/**
 * The access rule of browser mode, as a pure function: a request is served only if it carries
 * the launch token (in the `token` query parameter, or — for static assets only, never for the
 * WebSocket — in the cookie set by an earlier tokened request) and is addressed to the loopback origin it was launched on (the Host check stops DNS
 * rebinding; the Origin check on the WebSocket stops other sites' pages). Anything else: 403.
 */
import { TOKEN_COOKIE, readCookie, tokenMatches } from './token';

/** Cookie names are not port-scoped, so the port is part of the name (two servers, two cookies). */
export const cookieName = (port: number): string => `${TOKEN_COOKIE}_${port}`;

export interface RequestFacts {
  readonly url: string;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly cookie: string | undefined;
  readonly isWebSocket: boolean;
}

export type GuardResult =
  | { readonly ok: true; readonly path: string; readonly setCookie: boolean }
  | { readonly ok: false; readonly reason: string };

/** The Host values the server answers to. */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function guardRequest(facts: RequestFacts, token: string, port: number): GuardResult {
  const hosts = allowedHosts(port);
  if (facts.host === undefined || !hosts.includes(facts.host.toLowerCase())) {
    return {
      ok: false,
      reason: `host ${JSON.stringify(facts.host ?? '')} is not one of ${hosts.join(', ')}`,
    };
  }
  let url: URL;
  try {
    url = new URL(facts.url, `http://${hosts[0] ?? ''}`);
  } catch {
    return { ok: false, reason: 'malformed request URL' };
  }
  if (facts.isWebSocket) {
    // Browsers always send Origin on WebSocket handshakes; a page of another origin is refused.
    const origins = hosts.map((h) => `http://${h}`);
    if (facts.origin === undefined || !origins.includes(facts.origin.toLowerCase())) {
      return { ok: false, reason: `origin ${JSON.stringify(facts.origin ?? '')} refused` };
    }
  }
  const queryToken = url.searchParams.get('token');
  if (tokenMatches(token, queryToken)) return { ok: true, path: url.pathname, setCookie: !facts.isWebSocket };
  // The cookie only lets the page load its own assets (module scripts, workers, fonts carry no
  // query token); engine calls always need the token itself.
  if (!facts.isWebSocket && tokenMatches(token, readCookie(facts.cookie, cookieName(port)))) {
    return { ok: true, path: url.pathname, setCookie: false };
  }
  return { ok: false, reason: queryToken === null ? 'no token' : 'wrong token' };
}
