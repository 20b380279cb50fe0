import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lake } from '../../lake/node/lake';
import type { CommandContext } from './command';

/**
 * The demo folder shipped with Tickbench (found by walking up from this module, so it works
 * from source, from the bundled CLI and from a packaged app); TICKBENCH_DEMO_DIR overrides.
 */
export function demoDir(): string | undefined {
  const env = process.env.TICKBENCH_DEMO_DIR;
  if (env !== undefined && env !== '') return resolve(env);
  // import.meta.url is empty in CommonJS bundles (Electron main): start from the cwd there.
  const here =
    typeof import.meta.url === 'string' && import.meta.url !== ''
      ? dirname(fileURLToPath(import.meta.url))
      : process.cwd();
  let dir = here;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'demo');
    if (existsSync(join(candidate, 'ATTRIBUTION.md'))) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/**
 * Opens the command's workspace. The demo sample is imported when the default workspace is
 * created (a newcomer's first run); an explicit `--workspace` starts empty unless
 * TICKBENCH_DEMO=1.
 */
export async function openLake(ctx: CommandContext): Promise<Lake> {
  const wantDemo = ctx.defaultWorkspace || process.env.TICKBENCH_DEMO === '1';
  return Lake.open(ctx.workspace, { demoDir: wantDemo ? demoDir() : undefined });
}

/** Runs `work` with the workspace's lake, closing it afterwards. */
export async function withLake<T>(ctx: CommandContext, work: (lake: Lake) => Promise<T>): Promise<T> {
  const lake = await openLake(ctx);
  try {
    return await work(lake);
  } finally {
    await lake.close();
  }
}
