// `npm run dist [-- --dir] [-- --linux|--mac|--win]`: builds Tickbench, then packages it with
// electron-builder (config: build/electron-builder.config.cjs, output: release/).
//
// Electron itself must come from somewhere: ELECTRON_DIST (an unpacked Electron folder, the
// only option offline), else the binary installed in node_modules/electron. With neither, this
// fails with one line instead of electron-builder's long download error. Installer formats
// (AppImage, deb, dmg, nsis) also download their tools: build them on a connected machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron } from './electron-binary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const dirOnly = args.includes('--dir');
const platforms = { '--linux': 'LINUX', '--mac': 'MAC', '--win': 'WINDOWS' };
const unknown = args.filter((a) => a !== '--dir' && !(a in platforms));
if (unknown.length > 0) {
  console.error(`dist: unknown argument(s) ${unknown.join(' ')}; allowed: --dir, --linux, --mac, --win`);
  process.exit(2);
}

function fail(message) {
  console.error(`dist: ${message}`);
  process.exit(1);
}

// 1. Where Electron comes from (checked first: no point building without it).
let electronDist = process.env.ELECTRON_DIST;
if (electronDist !== undefined && electronDist !== '') {
  electronDist = resolve(electronDist);
  if (!existsSync(electronDist)) fail(`ELECTRON_DIST=${electronDist} does not exist`);
} else {
  const installed = findElectron();
  if (!('path' in installed)) {
    fail(
      `no Electron binary: set ELECTRON_DIST to an unpacked Electron ${require('electron/package.json').version} folder ` +
        `(Electron not installed: ${installed.missing})`,
    );
  }
  electronDist = join(dirname(require.resolve('electron/package.json')), 'dist');
}

// 2. Build the bundles and the renderer.
for (const [cmd, cmdArgs] of [
  [process.execPath, [join(root, 'build/build-node.mjs')]],
  [
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'build/vite.config.mjs'],
  ],
]) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`\`${cmdArgs.join(' ')}\` failed`);
}

// 3. Package.
const { build, Platform } = await import('electron-builder');
const config = { ...require('./electron-builder.config.cjs'), electronDist };
const chosen = Object.entries(platforms).filter(([flag]) => args.includes(flag));
const targets = (chosen.length > 0 ? chosen.map(([, p]) => Platform[p]) : [Platform.current()]).map((p) =>
  p.createTarget(dirOnly ? ['dir'] : undefined),
);
try {
  const merged = new Map();
  for (const t of targets) for (const [k, v] of t) merged.set(k, v);
  const outputs = await build({ targets: merged, config, projectDir: root, publish: 'never' });
  console.log(`dist: built into release/${dirOnly ? ' (unpacked)' : ''}:\n  ${outputs.join('\n  ')}`);
} catch (error) {
  fail(String(error instanceof Error ? error.message : error).split('\n')[0]);
}
