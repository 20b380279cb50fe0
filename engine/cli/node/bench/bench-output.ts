import { writeJson, type CommandContext } from '../command';

/**
 * Prints a benchmark's figures: one JSON object with `--json`, else one line per figure, its
 * name padded to `pad` characters and objects as JSON.
 */
export function writeFigures(ctx: CommandContext, out: Readonly<Record<string, unknown>>, pad: number): void {
  if (ctx.json) {
    writeJson(ctx, out);
    return;
  }
  for (const [k, v] of Object.entries(out)) {
    const text =
      typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : typeof v === 'string'
          ? v
          : JSON.stringify(v);
    ctx.stdout.write(`${k.padEnd(pad)} ${text}\n`);
  }
}
