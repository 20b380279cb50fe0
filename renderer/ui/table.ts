import { h } from './dom';

/** At most this many rows go into the DOM; more would make the page sluggish. */
export const MAX_DOM_ROWS = 2000;

/** A plain table of text cells. `onRowClick` makes rows selectable. */
export function table(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  options: { testId?: string; onRowClick?: (index: number) => void } = {},
): HTMLTableElement {
  const head = h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', {}, c))));
  const body = h('tbody');
  rows.slice(0, MAX_DOM_ROWS).forEach((row, i) => {
    const tr = h('tr', {}, ...row.map((c) => h('td', { title: c.length > 40 ? c : undefined }, c)));
    if (options.onRowClick !== undefined) {
      const click = options.onRowClick;
      tr.classList.add('clickable');
      tr.addEventListener('click', () => {
        click(i);
      });
    }
    body.appendChild(tr);
  });
  return h('table', { class: 'grid', 'data-testid': options.testId }, head, body);
}
