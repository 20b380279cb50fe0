import { existsSync, readFileSync } from 'node:fs';
import { compileWasmModule, type WasmModule } from '../../core/node/wasm-api';

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

const compiled = new Map<string, WasmModule | null>();

/**
 * A WebAssembly module bundled next to the running bundle (`dist/node/<name>`), compiled once
 * per process; undefined where there is none (see {@link bundledScriptUrl}: callers then use their
 * JavaScript version, with the same results) or where the environment variable `offVar` is `0`
 * (to compare the two).
 */
export function bundledWasmModule(name: string, offVar: string): WasmModule | undefined {
  let module = compiled.get(name);
  if (module === undefined) {
    const url = process.env[offVar] === '0' ? undefined : bundledScriptUrl(name);
    module = url === undefined ? null : compileWasmModule(readFileSync(url));
    compiled.set(name, module);
  }
  return module ?? undefined;
}
