// Electron's postinstall downloads its binary through @electron/get. On a machine without
// internet access that download fails and would fail the whole `npm install`. Tickbench runs
// without the binary (browser mode), so this wrapper lets the real download try and, if it
// fails, says so in one line and ends the postinstall successfully.
'use strict';
const path = require('node:path');

// The real package is installed at the project root under the alias electron-get-real.
const real = require(require.resolve('electron-get-real', { paths: [path.resolve(__dirname, '..', '..')] }));

async function downloadArtifact(options) {
  try {
    return await real.downloadArtifact(options);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.warn(
      `tickbench: the Electron binary could not be downloaded (${reason}); ` +
        '`npm start` will run Tickbench in browser mode instead.',
    );
    process.exit(0);
  }
}

module.exports = { ...real, downloadArtifact };
