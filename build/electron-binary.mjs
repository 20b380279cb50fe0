// Where the Electron binary is, or why there is none. Shared by start.mjs and dist.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * `{ path }` when an Electron executable is installed (or ELECTRON_OVERRIDE_DIST_PATH points to
 * one), `{ missing: reason }` otherwise. Never throws: on machines where the download failed,
 * `require('electron')` throws and node_modules/electron/path.txt is absent.
 */
export function findElectron() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  if (!existsSync(join(pkgDir, 'path.txt')) && process.env.ELECTRON_OVERRIDE_DIST_PATH === undefined) {
    return { missing: 'its binary was not downloaded (node_modules/electron/path.txt is missing)' };
  }
  let path;
  try {
    path = require('electron');
  } catch (error) {
    return {
      missing: `require('electron') failed: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`,
    };
  }
  if (typeof path !== 'string' || !existsSync(path))
    return { missing: `its binary ${String(path)} does not exist` };
  return { path, version: JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version };
}
