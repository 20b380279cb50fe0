import { describe, expect, it } from 'vitest';
import { cookieName, guardRequest } from '../../electron/main/serve/request-guard';
import { newToken, readCookie, tokenMatches } from '../../electron/main/serve/token';

const token = 'T'.repeat(43);
const port = 4321;
const base = { host: `127.0.0.1:${port}`, origin: undefined, cookie: undefined, isWebSocket: false };

describe('browser-mode request guard', () => {
  it('serves a tokened request and sets the cookie once', () => {
    expect(guardRequest({ ...base, url: `/?token=${token}` }, token, port)).toEqual({
      ok: true,
      path: '/',
      setCookie: true,
    });
    expect(
      guardRequest(
        { ...base, url: '/assets/x.js', cookie: `a=1; ${cookieName(port)}=${token}` },
        token,
        port,
      ),
    ).toEqual({ ok: true, path: '/assets/x.js', setCookie: false });
  });

  it('refuses no token, a wrong token, the cookie of another port, and a foreign Host', () => {
    expect(guardRequest({ ...base, url: '/' }, token, port).ok).toBe(false);
    expect(guardRequest({ ...base, url: `/?token=${token.slice(1)}x` }, token, port).ok).toBe(false);
    expect(
      guardRequest({ ...base, url: '/', cookie: `${cookieName(port + 1)}=${token}` }, token, port).ok,
    ).toBe(false);
    expect(
      guardRequest({ ...base, host: `evil.example:${port}`, url: `/?token=${token}` }, token, port).ok,
    ).toBe(false);
    expect(guardRequest({ ...base, host: undefined, url: `/?token=${token}` }, token, port).ok).toBe(false);
  });

  it('for the WebSocket, needs the URL token and the same origin; the cookie is not enough', () => {
    const ws = { ...base, isWebSocket: true, origin: `http://127.0.0.1:${port}` };
    expect(guardRequest({ ...ws, url: `/ws?token=${token}` }, token, port)).toEqual({
      ok: true,
      path: '/ws',
      setCookie: false,
    });
    expect(guardRequest({ ...ws, url: '/ws', cookie: `${cookieName(port)}=${token}` }, token, port).ok).toBe(
      false,
    );
    expect(
      guardRequest({ ...ws, origin: 'http://evil.example', url: `/ws?token=${token}` }, token, port).ok,
    ).toBe(false);
    expect(guardRequest({ ...ws, origin: undefined, url: `/ws?token=${token}` }, token, port).ok).toBe(false);
  });

  it('tokens are random, URL-safe and compared exactly', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
    expect(tokenMatches(a, a)).toBe(true);
    expect(tokenMatches(a, `${a}x`)).toBe(false);
    expect(tokenMatches(a, undefined)).toBe(false);
    expect(readCookie('x=1; y = 2', 'y')).toBe('2');
  });
});
