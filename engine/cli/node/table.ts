import { toText } from '../../core/text';

/** Renders rows as an aligned text table for people (programs use --json or --csv). */
export function renderTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = toText;
  const text = rows.map((r) => columns.map((_, i) => cell(r[i])));
  const widths = columns.map((c, i) =>
    Math.min(60, Math.max(c.length, ...text.map((r) => (r[i] ?? '').length))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) =>
        c.length > (widths[i] ?? 0) ? `${c.slice(0, (widths[i] ?? 1) - 1)}…` : c.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

/** CSV text of rows (RFC 4180 quoting). */
export function renderCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const q = (v: unknown): string => {
    const s = toText(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map(q).join(','), ...rows.map((r) => r.map(q).join(','))].join('\n');
}
