// `npm start`: builds what is missing or stale, then launches the Electron app. Where the
// Electron binary is missing (it cannot be downloaded on every machine), says so in one line and
// runs browser mode instead (`tickbench serve`), opening the URL in a Chromium --app window when
// one is installed and a display is available. Arguments after `--` go to the app / serve
// (e.g. `npm start -- --workspace /tmp/ws`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron } from './electron-binary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** Newest modification time of the files under `dirs` (0 when none exist). */
function newest(dirs) {
  let max = 0;
  for (const dir of dirs) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs, { recursive: true, encoding: 'utf8' })) {
      const st = statSync(join(abs, f));
      if (st.isFile() && st.mtimeMs > max) max = st.mtimeMs;
    }
  }
  return max;
}
const mtime = (file) => (existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : 0);

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`start: \`${[cmd, ...cmdArgs].join(' ')}\` failed`);
    process.exit(r.status ?? 1);
  }
}

// The Node bundles are quick (esbuild): rebuild when any source is newer.
const sources = newest(['engine', 'electron']);
if (
  sources >
  Math.min(mtime('dist/node/cli.mjs'), mtime('dist/electron/main.cjs'), mtime('dist/electron/preload.cjs'))
) {
  run(process.execPath, [join(root, 'build/build-node.mjs')]);
}
if (newest(['renderer', 'electron/common']) > mtime('dist/renderer/index.html')) {
  run(process.execPath, [
    join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    'build/vite.config.mjs',
  ]);
}

const electron = findElectron();
if ('path' in electron) {
  const child = spawn(electron.path, [root, ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal !== null ? 1 : (code ?? 0)));
} else {
  console.log(`start: Electron is not available here (${electron.missing}); starting browser mode instead.`);
  startBrowserMode();
}

function findChromium() {
  const candidates = [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ];
  return candidates.find((c) => existsSync(c));
}

function startBrowserMode() {
  const child = spawn(process.execPath, [join(root, 'bin/tickbench.mjs'), 'serve', ...args], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(String(chunk))?.[0];
    if (url === undefined || opened) return;
    opened = true;
    const browser = findChromium();
    if (browser !== undefined && (process.env.DISPLAY ?? process.env.WAYLAND_DISPLAY ?? '') !== '') {
      // Detached and ignored: the server never waits on the browser window.
      const window = spawn(browser, [`--app=${url}`, '--no-first-run', '--disable-background-networking'], {
        detached: true,
        stdio: 'ignore',
      });
      window.on('error', () => undefined);
      window.unref();
    } else {
      console.log('start: open the URL above in a browser.');
    }
  });
  // Ctrl+C reaches the server directly (same process group); wait for it to close the lake.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code) => process.exit(code ?? 0));
}
