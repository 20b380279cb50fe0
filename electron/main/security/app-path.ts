/**
 * Maps a renderer URL (app://tickbench/… in Electron, http://127.0.0.1:P/… in browser mode) to a
 * file inside the renderer build folder, refusing anything that would escape it.
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export type AppPathResult =
  | { readonly ok: true; readonly file: string; readonly mime: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type served for a file name; unknown extensions are refused by `resolveAppPath`. */
export function mimeType(file: string): string | undefined {
  return MIME[extname(file).toLowerCase()];
}

/**
 * Resolves the path part of a URL against `root`. `pathname` is the raw (still percent-encoded)
 * path. `/` serves `index.html`. Refused: malformed encoding, NUL, backslashes, `..` segments
 * (before or after decoding), absolute escapes, dot-files and unknown file types.
 */
export function resolveAppPath(root: string, pathname: string): AppPathResult {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, reason: `malformed URL encoding in ${JSON.stringify(pathname)}` };
  }
  if (!decoded.startsWith('/')) return { ok: false, status: 400, reason: 'path must start with /' };
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return { ok: false, status: 403, reason: 'NUL or backslash in path' };
  }
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) {
    return {
      ok: false,
      status: 403,
      reason: `path traversal or hidden file refused: ${JSON.stringify(decoded)}`,
    };
  }
  const base = resolve(root);
  const file = segments.length === 0 ? resolve(base, 'index.html') : resolve(base, ...segments);
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    return { ok: false, status: 403, reason: 'path escapes the renderer folder' };
  }
  const mime = mimeType(file);
  if (mime === undefined)
    return { ok: false, status: 404, reason: `no such asset type: ${extname(file) || '(none)'}` };
  return { ok: true, file, mime };
}
