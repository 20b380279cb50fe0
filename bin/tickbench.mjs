#!/usr/bin/env node
// The `tickbench` command. The CLI is bundled into dist/ by `npm install` (prepare) or
// `npm run build:node`; if it is missing (a checkout without install), build it first.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = resolve(root, 'dist/node/cli.mjs');
if (!existsSync(cli)) {
  const built = spawnSync(process.execPath, [resolve(root, 'build/build-node.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('tickbench: could not build the CLI (run `npm install` in the project folder)');
    process.exit(1);
  }
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
