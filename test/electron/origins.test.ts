import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  checkSender,
  isAllowedExternalUrl,
  isAppUrl,
} from '../../electron/main/security/origins';
import { contentSecurityPolicy } from '../../electron/main/security/csp';
import { shouldReload } from '../../electron/main/crash-recovery';

describe('IPC sender checks', () => {
  const good = { frameUrl: APP_ENTRY_URL, isMainFrame: true, isKnownWindow: true };
  it('accepts the main frame of an app window on app://tickbench', () => {
    expect(checkSender(good)).toEqual({ ok: true });
    expect(checkSender({ ...good, frameUrl: 'app://tickbench/deep/page?x=1' })).toEqual({ ok: true });
  });
  it.each([
    ['a subframe', { ...good, isMainFrame: false }],
    ['an unknown window', { ...good, isKnownWindow: false }],
    ['another host on app://', { ...good, frameUrl: 'app://evil/index.html' }],
    ['file://', { ...good, frameUrl: 'file:///tmp/index.html' }],
    ['https', { ...good, frameUrl: 'https://tickbench/index.html' }],
    ['a destroyed frame', { ...good, frameUrl: '' }],
    ['look-alike host', { ...good, frameUrl: 'app://tickbench.evil.com/' }],
  ])('refuses %s', (_what, facts) => {
    expect(checkSender(facts).ok).toBe(false);
  });
  it('recognises app URLs', () => {
    expect(isAppUrl('app://tickbench/')).toBe(true);
    expect(isAppUrl('app://TICKBENCH/')).toBe(true);
    expect(isAppUrl('http://tickbench/')).toBe(false);
  });
});

describe('external links', () => {
  it('allows only https links to listed hosts', () => {
    expect(isAllowedExternalUrl('https://github.com/duckdb/duckdb')).toBe(true);
    expect(isAllowedExternalUrl('https://duckdb.org/docs')).toBe(true);
    for (const url of [
      'http://github.com/',
      'https://github.com.evil.com/',
      'https://evil.com/?https://github.com',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://github.com/share',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('CSP', () => {
  it('keeps scripts to self and connections to self', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("object-src 'none'");
  });
});

describe('crash recovery policy', () => {
  it('reloads at most three times a minute', () => {
    expect(shouldReload([], 100_000)).toBe(true);
    expect(shouldReload([50_000, 60_000], 100_000)).toBe(true);
    expect(shouldReload([50_000, 60_000, 70_000], 100_000)).toBe(false);
    expect(shouldReload([1_000, 2_000, 3_000], 100_000)).toBe(true);
  });
});
