import {
  CandlestickSeries,
  createChart,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { DatasetSummary } from '@contract/dto';
import type { Client } from '../ipc/client';
import type { Panel } from '../shell/panel';
import { h, replace } from '../ui/dom';
import { errorText, formatInt } from '../ui/format';
import { candlesSql, chooseIntervalS } from './chart-sql';

/** Most candles drawn at once (lightweight-charts stays smooth well past this). */
const MAX_CANDLES = 20_000;

/** Candles of a chosen dataset: stored bars, or trades / quotes bucketed by a query. */
export function chartPanel(client: Client): Panel {
  const select = h('select', { 'data-testid': 'chart-dataset' });
  const show = h('button', { type: 'button', 'data-testid': 'chart-show' }, 'Show');
  const reload = h('button', { type: 'button' }, 'Reload list');
  const status = h('span', { class: 'muted', 'data-testid': 'chart-status' });
  const host = h('div', { class: 'chart', 'data-testid': 'chart' });
  let datasets: readonly DatasetSummary[] = [];
  let chart: IChartApi | undefined;
  let series: ISeriesApi<'Candlestick'> | undefined;

  const loadList = async (): Promise<void> => {
    try {
      datasets = (await client.data.listDatasets()).filter((d) => d.kind !== 'book');
      replace(select, ...datasets.map((d) => h('option', { value: d.name }, `${d.name} (${d.kind})`)));
      status.textContent = datasets.length === 0 ? 'no trades, quotes or bars datasets yet' : '';
    } catch (error) {
      status.textContent = errorText(error);
    }
  };

  const ensureChart = (): ISeriesApi<'Candlestick'> => {
    if (chart === undefined || series === undefined) {
      chart = createChart(host, { autoSize: true, timeScale: { timeVisible: true, secondsVisible: true } });
      series = chart.addSeries(CandlestickSeries, {});
    }
    return series;
  };

  const draw = async (): Promise<void> => {
    const d = datasets.find((x) => x.name === select.value);
    if (d === undefined) return;
    const interval = chooseIntervalS(d);
    const sql = candlesSql(d, interval);
    if (sql === undefined) {
      status.textContent = `${d.kind} datasets have no price series to chart`;
      return;
    }
    status.textContent = 'querying…';
    try {
      const r = await client.query.run({ sql, limit: MAX_CANDLES });
      const data = r.rows.flatMap((row) => {
        const [t, open, high, low, close] = row;
        return typeof t === 'number' &&
          typeof open === 'number' &&
          typeof high === 'number' &&
          typeof low === 'number' &&
          typeof close === 'number'
          ? [{ time: t as UTCTimestamp, open, high, low, close }]
          : [];
      });
      ensureChart().setData(data);
      chart?.timeScale().fitContent();
      status.textContent = `${formatInt(data.length)} candles of ${interval} s${r.truncated ? ' (cut at the limit)' : ''}`;
    } catch (error) {
      status.textContent = errorText(error);
    }
  };

  show.addEventListener('click', () => {
    void draw();
  });
  reload.addEventListener('click', () => {
    void loadList();
  });
  const element = h(
    'section',
    { 'data-testid': 'panel-chart' },
    h('header', { class: 'toolbar' }, h('h2', {}, 'Chart')),
    h('div', { class: 'row' }, select, show, reload, status),
    host,
  );
  return {
    id: 'chart',
    title: 'Chart',
    element,
    activate() {
      if (datasets.length === 0) void loadList();
    },
  };
}
