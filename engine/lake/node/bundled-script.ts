import { existsSync } from 'node:fs';

/**
 * The URL of a worker script bundled next to the running bundle (`dist/node/<name>`), or
 * undefined where there is none: sources run by a test runner (the `.ts` module's folder has no
 * `.mjs`), and the CommonJS Electron bundle, where `import.meta.url` is empty. Callers then do
 * the work in-thread, with the same results.
 * @param name the script's file name, e.g. `parse-worker.mjs`
 */
export function bundledScriptUrl(name: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(`./${name}`, import.meta.url);
  } catch {
    return undefined; // no import.meta.url (CommonJS bundle)
  }
  return url.protocol === 'file:' && existsSync(url) ? url : undefined;
}
