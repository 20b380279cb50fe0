import { resolve } from 'node:path';
import { errorMessage, TickbenchError } from '../../core/errors';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { COMMANDS } from './commands';
import { defaultWorkspace } from './default-workspace';
import type { Command, CommandContext } from './command';

const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  workspace: {
    kind: 'string',
    help: 'workspace folder (default: $TICKBENCH_WORKSPACE or the OS app-data folder)',
  },
  json: { kind: 'boolean', help: 'print exactly one JSON object on stdout' },
  help: { kind: 'boolean', help: 'show help' },
};

function helpText(commands: readonly Command[]): string {
  const lines = ['usage: tickbench [--workspace DIR] <command> [options] [--json]', '', 'commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `tickbench <command> --help` for its options. Exit codes: 0 ok, 1 failure, 2 usage.');
  return lines.join('\n');
}

function commandHelp(c: Command): string {
  const opts = Object.entries({ ...c.options, ...GLOBAL_OPTIONS }).map(
    ([k, s]) => `  --${k}${s.kind === 'boolean' ? '' : s.kind === 'list' ? ' V...' : ' V'}  ${s.help}`,
  );
  return [`usage: tickbench ${c.usage}`, '', c.summary, '', 'options:', ...opts].join('\n');
}

/** Streams and extra commands given by the composition root (the bundled entry point). */
export interface MainOptions {
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
  /** Commands that live outside the engine (e.g. `serve`, which needs the IPC router). */
  readonly extraCommands?: readonly Command[];
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: MainOptions = {}): Promise<number> {
  const commands = [...COMMANDS, ...(io.extraCommands ?? [])];
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const index = argv.findIndex((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1] === '--workspace'));
  const name = index >= 0 ? argv[index] : undefined;
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    if (name === undefined && (argv.includes('--help') || argv.length === 0)) {
      stdout.write(`${helpText(commands)}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    stderr.write(
      `tickbench: unknown command ${JSON.stringify(name ?? '')}; allowed: ${commands.map((c) => c.name).join(', ')}\n`,
    );
    return 2;
  }
  const controller = new AbortController();
  const onSignal = (): void => {
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const rest = [...argv.slice(0, index), ...argv.slice(index + 1)];
    const args = parseArgs(rest, { ...GLOBAL_OPTIONS, ...command.options });
    if (args.flags.has('help')) {
      stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    const ws = args.strings.get('workspace');
    const ctx: CommandContext = {
      workspace: ws !== undefined ? resolve(ws) : defaultWorkspace(),
      defaultWorkspace: ws === undefined && (process.env.TICKBENCH_WORKSPACE ?? '') === '',
      json: args.flags.has('json'),
      stdout,
      stderr,
      signal: controller.signal,
    };
    return await command.run(args, ctx);
  } catch (error) {
    const usage = error instanceof UsageError || (error instanceof TickbenchError && error.code === 'usage');
    stderr.write(`tickbench ${command.name}: ${errorMessage(error).split('\n')[0] ?? ''}\n`);
    if (process.env.TICKBENCH_DEBUG === '1' && error instanceof Error) stderr.write(`${error.stack ?? ''}\n`);
    return usage ? 2 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export { defaultWorkspace };
