import type { Command } from './command';

/**
 * The registry of CLI commands. Each command lives in its own file under commands/;
 * add new ones here.
 */
export const COMMANDS: readonly Command[] = [];
