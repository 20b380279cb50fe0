import type { Progress } from '../../core/cancel';
import type { CommandContext } from './command';

/**
 * Progress for people: a single rewritten line on stderr when it is a terminal (never on
 * stdout, which belongs to --json). Updates are throttled to 5 per second.
 */
export function progressPrinter(ctx: CommandContext): ((p: Progress) => void) | undefined {
  const tty = ('isTTY' in ctx.stderr && ctx.stderr.isTTY === true) || process.env.TICKBENCH_PROGRESS === '1';
  if (!tty) return undefined;
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < 200) return;
    last = now;
    const pct = p.total !== undefined && p.total > 0 ? ` ${((100 * p.done) / p.total).toFixed(1)}%` : '';
    ctx.stderr.write(`\r${p.phase}${pct}   `);
  };
}
