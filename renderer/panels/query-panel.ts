import type { Client } from '../ipc/client';
import type { Panel } from '../shell/panel';
import { h, replace } from '../ui/dom';
import { errorText, formatCell, formatInt } from '../ui/format';
import { MAX_DOM_ROWS, table } from '../ui/table';

/** A SQL box over the lake's views and catalog; results as a table. Ctrl/Cmd+Enter runs. */
export function queryPanel(client: Client): Panel {
  const sql = h('textarea', { rows: 6, spellcheck: false, 'data-testid': 'query-sql' });
  sql.value = 'SELECT kind, venue, symbol, count(*) AS datasets FROM datasets GROUP BY ALL ORDER BY ALL';
  const limit = h('input', {
    type: 'number',
    min: 1,
    max: 100000,
    value: 1000,
    'data-testid': 'query-limit',
  });
  const run = h('button', { type: 'button', 'data-testid': 'query-run' }, 'Run');
  const status = h('span', { class: 'muted', 'data-testid': 'query-status' });
  const result = h('div', { class: 'scroll', 'data-testid': 'query-result' });
  let seq = 0;

  const execute = async (): Promise<void> => {
    const mine = ++seq;
    status.textContent = 'running…';
    run.disabled = true;
    try {
      const r = await client.query.run({
        sql: sql.value,
        limit: Math.max(1, Math.min(100_000, Math.trunc(limit.valueAsNumber) || 1000)),
      });
      if (mine !== seq) return;
      const shown = Math.min(r.rows.length, MAX_DOM_ROWS);
      status.textContent = `${formatInt(r.rows.length)} row(s)${r.truncated ? ' (limit reached)' : ''}${shown < r.rows.length ? `, first ${formatInt(shown)} shown` : ''} in ${r.elapsedMs} ms`;
      replace(
        result,
        table(
          r.columns,
          r.rows.map((row) => row.map(formatCell)),
          { testId: 'query-table' },
        ),
      );
    } catch (error) {
      if (mine !== seq) return;
      status.textContent = '';
      replace(result, h('p', { class: 'error', 'data-testid': 'query-error' }, errorText(error)));
    } finally {
      if (mine === seq) run.disabled = false;
    }
  };
  run.addEventListener('click', () => {
    void execute();
  });
  sql.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void execute();
    }
  });
  const element = h(
    'section',
    { 'data-testid': 'panel-query' },
    h('header', { class: 'toolbar' }, h('h2', {}, 'Query')),
    sql,
    h('div', { class: 'row' }, run, h('label', {}, 'limit ', limit), status),
    result,
  );
  return { id: 'query', title: 'Query', element };
}
