// Vite build of the renderer (dist/renderer), served by Electron's app:// protocol and by
// `tickbench serve`. Relative base so the same build works under both origins; ES-module workers
// for Monaco (loaded through `?worker` imports, see renderer/editor/monaco-env.ts). No inline
// scripts are emitted, so the strict CSP (script-src 'self') holds.
import { defineConfig } from 'vite';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root: resolve(root, 'renderer'),
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: resolve(root, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The polyfill is not needed in Chromium, and nothing inline may be emitted under the CSP.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 8000,
    assetsInlineLimit: 0,
    // Monaco's many language chunks make rolldown print a plugin-timing report on every build.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es' },
  // The renderer imports the IPC contract (electron/common) as @contract/* (renderer/tsconfig.json).
  resolve: { alias: { '@contract': resolve(root, 'electron/common') } },
  server: { host: '127.0.0.1', strictPort: false },
});
