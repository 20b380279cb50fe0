import type { Command } from './command';
import { barsCommand } from './commands/bars';
import { benchCommand } from './commands/bench';
import { datasetsCommand } from './commands/datasets';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { queryCommand } from './commands/query';
import { replayCommand } from './commands/replay';

/**
 * The registry of CLI commands. Each command lives in its own file under commands/;
 * add new ones here.
 */
export const COMMANDS: readonly Command[] = [
  importCommand,
  datasetsCommand,
  queryCommand,
  exportCommand,
  barsCommand,
  replayCommand,
  benchCommand,
];
