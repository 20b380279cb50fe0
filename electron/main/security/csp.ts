/**
 * The Content-Security-Policy of the renderer, identical in Electron (app:// responses) and in
 * browser mode (HTTP responses). Monaco needs `worker-src blob:` only for its fallback path (our
 * workers are same-origin module files) and injects `<style>` elements, hence `'unsafe-inline'`
 * for styles only; scripts stay `'self'` so an injected `<script>` or `eval` cannot run.
 * `connect-src 'self'` covers the same-origin WebSocket of browser mode (CSP3 matches ws: to
 * http: origins) and blocks every other host.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The policy as a header value. */
export function contentSecurityPolicy(directives = CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers every renderer response carries, in both hosts. */
export function securityHeaders(): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    // The browser-mode URL carries the token: never send it anywhere in a Referer.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
