// electron-builder configuration (`npm run dist`, and the release workflow).
// Installers: Linux AppImage + deb, macOS dmg, Windows NSIS. Offline, only `--dir` works, with
// ELECTRON_DIST pointing at an unpacked Electron (build/dist.mjs passes it as electronDist);
// the installer formats download their tools and run on a connected machine (CI).
'use strict';

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.tickbench.app',
  productName: 'Tickbench',
  copyright: 'Copyright © Tickbench contributors',
  directories: { output: 'release', buildResources: 'build' },
  // What goes into app.asar besides the production dependencies (DuckDB, ws, apache-arrow).
  files: ['package.json', 'dist/electron/**', 'dist/renderer/**', 'demo/**', '!**/*.map'],
  // DuckDB's native addon (.node) and its shared library cannot be loaded from inside an asar.
  asarUnpack: ['node_modules/@duckdb/**'],
  // @duckdb/node-bindings ships prebuilt N-API binaries per platform: nothing to rebuild.
  npmRebuild: false,
  icon: 'build/icons/icon.png',
  // Electron fuses, flipped in the packaged binary (https://www.electronjs.org/docs/latest/tutorial/fuses).
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'Tickbench contributors',
    synopsis: 'Research and backtest workbench for crypto markets',
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'] },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.finance',
    hardenedRuntime: true,
  },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  // CI uploads the installers as artifacts; publishing is a separate, deliberate step.
  publish: null,
};
