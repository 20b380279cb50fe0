// Bundles the Node-side entry points (CLI, workers, Electron main and preload) with esbuild.
// Runs on `npm install` (prepare) so that `npx tickbench` works right after installing.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => resolve(root, p);

/**
 * Packages stay external (DuckDB's bindings are native), except `@duckdb/node-api`: its 124
 * CommonJS files cost ~150 ms to load in every process and thread that imports them, one
 * bundled file ~15 ms (the reader thread of every replay, every CLI call).
 */
const BUNDLED_PACKAGES = new Set(['@duckdb/node-api']);
const manifest = JSON.parse(readFileSync(at('package.json'), 'utf8'));
const externalPackages = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter((name) => !BUNDLED_PACKAGES.has(name))
  .flatMap((name) => [name, `${name}/*`]);

/** ESM bundles for Node: CLI and worker threads. */
const nodeEntries = {
  // The CLI's composition root: the engine's commands plus the shell's `serve`.
  cli: 'electron/main/cli-entry.ts',
  // The replay reader thread (engine/lake/node/worker-source.ts finds it next to the CLI).
  'merge-worker': 'engine/lake/node/merge-worker.ts',
  // The import's parse workers (engine/lake/node/parse-pool.ts finds them next to the CLI).
  'parse-worker': 'engine/lake/node/parse-worker.ts',
};
/** CommonJS bundles for Electron: main and the sandboxed preload (which cannot be ESM). */
const electronEntries = {
  main: 'electron/main/main.ts',
  preload: 'electron/preload/preload.ts',
};

const present = (entries) =>
  Object.fromEntries(
    Object.entries(entries)
      .filter(([, p]) => existsSync(at(p)))
      .map(([k, p]) => [k, at(p)]),
  );

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
};

await build({
  ...common,
  entryPoints: present(nodeEntries),
  outdir: at('dist/node'),
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  external: externalPackages,
  // Some bundled CommonJS helpers call require(); give ESM output a real one.
  banner: {
    js: "import { createRequire as __tbCreateRequire } from 'node:module'; const require = __tbCreateRequire(import.meta.url);",
  },
});

const electron = present(electronEntries);
if (Object.keys(electron).length > 0) {
  await build({
    ...common,
    entryPoints: electron,
    outdir: at('dist/electron'),
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron', '@duckdb/*', 'ws', 'apache-arrow'],
    // Electron main imports the CLI's defaultWorkspace(); the CLI modules it drags in read
    // import.meta.url behind a guard (empty in CJS), and Electron passes its own demo folder.
    logOverride: { 'empty-import-meta': 'silent' },
  });
}

/**
 * The WebAssembly modules (AssemblyScript sources), next to the bundles that load them: the
 * import's block scanner (engine/lake/node/formats/wasm-block-scan.ts loads it) and the output
 * hash's FNV step (engine/replay/node/wasm-series-fnv.ts), and the trade processors' loops
 * (engine/kernel/node/wasm-trade-processors.ts).
 */
const wasmModules = [
  {
    source: 'engine/lake/node/wasm/block-scan.as.ts',
    out: 'dist/node/block-scan.wasm',
    // 16 MiB from the start: a default block (1 MiB of lines, its per-line arrays) fits, so the
    // scanner never grows the memory — growing detaches the old ArrayBuffer, and the first
    // detach in a thread makes V8's optimized typed-array code there check for detached
    // buffers from then on (~15 % on a later replay in the same process). See wasm-block-scan.ts.
    flags: ['--enable', 'simd', '--initialMemory', '256'],
  },
  { source: 'engine/replay/node/wasm/series-fnv.as.ts', out: 'dist/node/series-fnv.wasm', flags: [] },
  {
    source: 'engine/kernel/node/wasm/trade-kernels.as.ts',
    out: 'dist/node/trade-kernels.wasm',
    // Its heap grows with the processors' windows: a shared memory grows without detaching
    // anything (see above). Up to 2 GiB, reserved, not committed.
    flags: ['--sharedMemory', '--enable', 'threads', '--maximumMemory', '32768'],
  },
  {
    source: 'engine/replay/node/wasm/merge.as.ts',
    out: 'dist/node/merge.wasm',
    // The reader thread's memory, created by the kernel's thread (its batch slots live in it)
    // and imported: shared, so the kernel reads merged batches where this module writes them.
    flags: ['--importMemory', '--sharedMemory', '--enable', 'threads', '--maximumMemory', '32768'],
  },
];
for (const mod of wasmModules) {
  if (!existsSync(at(mod.source))) continue;
  const { default: asc } = await import('assemblyscript/asc');
  const { error, stderr } = await asc.main([
    at(mod.source),
    '--outFile',
    at(mod.out),
    '--optimizeLevel',
    '3',
    '--shrinkLevel',
    '0',
    '--runtime',
    'stub',
    '--noAssert',
    ...mod.flags,
  ]);
  if (error) {
    console.error(stderr.toString());
    throw error;
  }
}
