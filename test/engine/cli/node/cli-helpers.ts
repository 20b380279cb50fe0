// Runs the real CLI bundle (`node bin/tickbench.mjs`) as a child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const BIN = join(ROOT, 'bin/tickbench.mjs');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a CLI child: no demo import, no workspace override, no debug stacks. */
export function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.TICKBENCH_WORKSPACE;
  delete env.TICKBENCH_DEMO;
  delete env.TICKBENCH_DEBUG;
  return env;
}

/** Bundles the CLI from the current sources (dist/node/cli.mjs), so the tests run today's code. */
export function buildCli(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'build/build-node.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`CLI build failed: ${r.stderr}`);
}

/**
 * Starts the CLI; the caller waits for it or kills it.
 * @param nodeArgs options for Node itself (before the script), e.g. V8 flags
 */
export function startCli(
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
    cwd: ROOT,
    env: cliEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<CliResult>((resolvePromise) => {
    child.on('close', (code, signal) => {
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], nodeArgs: readonly string[] = []): Promise<CliResult> {
  return startCli(args, nodeArgs).done;
}

/** Parses stdout that must be exactly one JSON object. */
export function oneJson(r: CliResult): Record<string, unknown> {
  const text = r.stdout.trim();
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`not a JSON object: ${text.slice(0, 200)}`);
  return value as Record<string, unknown>;
}

/** The CLI-contract fields of a dataset object. */
export const CONTRACT_FIELDS = [
  'name',
  'kind',
  'venue',
  'symbol',
  'rows',
  'rejected',
  'duplicates',
  'firstTsUs',
  'lastTsUs',
] as const;

export interface ContractDataset {
  readonly name: string;
  readonly kind: string;
  readonly venue: string;
  readonly symbol: string;
  readonly rows: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly firstTsUs: number | null;
  readonly lastTsUs: number | null;
}

/** Checks the contract fields and their types; returns the datasets typed. */
export function contractDatasets(value: unknown): ContractDataset[] {
  if (!Array.isArray(value)) throw new Error('datasets is not an array');
  return value.map((d: unknown) => {
    if (typeof d !== 'object' || d === null) throw new Error('dataset is not an object');
    const o = d as Record<string, unknown>;
    for (const f of CONTRACT_FIELDS) if (!(f in o)) throw new Error(`dataset lacks ${f}`);
    for (const f of ['name', 'kind', 'venue', 'symbol'] as const)
      if (typeof o[f] !== 'string') throw new Error(`${f} is not a string`);
    for (const f of ['rows', 'rejected', 'duplicates'] as const)
      if (!Number.isInteger(o[f])) throw new Error(`${f} is not an integer`);
    for (const f of ['firstTsUs', 'lastTsUs'] as const)
      if (o[f] !== null && !Number.isInteger(o[f])) throw new Error(`${f} is not an integer or null`);
    return o as unknown as ContractDataset;
  });
}
