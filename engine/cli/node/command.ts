import type { OptionSpec, ParsedArgs } from './args';

/** What a command can reach: the workspace folder, output streams and a cancel signal. */
export interface CommandContext {
  /** The workspace folder (already resolved; created on first use by the command that needs it). */
  readonly workspace: string;
  /** True when no `--workspace` was given (nor TICKBENCH_WORKSPACE): the OS app-data folder. */
  readonly defaultWorkspace: boolean;
  readonly json: boolean;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Aborted on SIGINT/SIGTERM: long work stops cleanly, leaving nothing half-written. */
  readonly signal: AbortSignal;
}

/** One `tickbench <name>` command. `run` resolves to the exit code (0 ok, 1 failure). */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}

/** Writes exactly one JSON object (the `--json` contract) or human text. */
export function writeJson(ctx: CommandContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
}
