/**
 * The CLI's composition root (bundled to dist/node/cli.mjs): the engine's commands plus the ones
 * that live in the shell (`serve`). bin/tickbench.mjs calls `main(process.argv.slice(2))`.
 */
import { fileURLToPath } from 'node:url';
import { main as engineMain } from '../../engine/cli/node/main';
import { createServeCommand } from './serve/serve-command';
import { openLake } from '../../engine/cli/node/workspace';
import { APP_VERSION } from './app-version';

/** The renderer build next to the bundle (dist/node/cli.mjs → dist/renderer), unless overridden. */
function rendererDir(): string {
  const env = process.env.TICKBENCH_RENDERER_DIR;
  if (env !== undefined && env !== '') return env;
  return fileURLToPath(new URL('../renderer/', import.meta.url));
}

/** Runs the CLI; resolves to the exit code. */
export function main(argv: readonly string[]): Promise<number> {
  const serve = createServeCommand({ rendererDir: rendererDir(), appVersion: APP_VERSION, openLake });
  return engineMain(argv, { extraCommands: [serve] });
}
