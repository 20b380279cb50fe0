import type { DatasetDetail, DatasetSummary, JobFinishedEvent, JobProgressEvent } from '@contract/dto';
import type { Client } from '../ipc/client';
import type { Panel } from '../shell/panel';
import { h, replace } from '../ui/dom';
import { errorText, formatInt, formatTsUs } from '../ui/format';
import type { FrameConflator } from '../ui/frame-conflator';
import { table } from '../ui/table';

const COLUMNS = ['name', 'kind', 'venue', 'symbol', 'rows', 'rejected', 'first', 'last', 'format'];

function row(d: DatasetSummary): string[] {
  return [
    d.name,
    d.kind,
    d.venue,
    d.symbol,
    formatInt(d.rows),
    formatInt(d.rejected),
    formatTsUs(d.firstTsUs),
    formatTsUs(d.lastTsUs),
    d.format,
  ];
}

/** Datasets table, import by path with progress and cancel, and the quality detail of a dataset. */
export function dataPanel(client: Client, frames: FrameConflator): Panel {
  const list = h('div', { class: 'scroll', 'data-testid': 'datasets' }, 'loading datasets…');
  const detail = h('div', { class: 'detail', 'data-testid': 'dataset-detail' });
  const paths = h('textarea', {
    rows: 2,
    placeholder: 'file paths to import, one per line (gzip ok)',
    'data-testid': 'import-paths',
    spellcheck: false,
  });
  const importButton = h('button', { type: 'button', 'data-testid': 'import-start' }, 'Import');
  const cancelButton = h(
    'button',
    { type: 'button', 'data-testid': 'import-cancel', disabled: true },
    'Cancel',
  );
  const bar = h('progress', { max: 1, value: 0, 'data-testid': 'import-progress' });
  const jobStatus = h('span', { class: 'muted', 'data-testid': 'import-status' });
  const refresh = h('button', { type: 'button', 'data-testid': 'datasets-refresh' }, 'Refresh');
  let running: string | undefined;

  const load = async (): Promise<void> => {
    try {
      const datasets = await client.data.listDatasets();
      replace(
        list,
        datasets.length === 0
          ? h('p', { class: 'muted' }, 'No datasets yet: import files above.')
          : table(COLUMNS, datasets.map(row), {
              testId: 'datasets-table',
              onRowClick: (i) => {
                const d = datasets[i];
                if (d !== undefined) void showDetail(d.name);
              },
            }),
      );
    } catch (error) {
      replace(list, h('p', { class: 'error', 'data-testid': 'datasets-error' }, errorText(error)));
    }
  };

  const showDetail = async (name: string): Promise<void> => {
    replace(detail, `loading ${name}…`);
    try {
      const [d, rejected] = await Promise.all([
        client.data.getDataset({ name }),
        client.data.rejectedRows({ name, limit: 50 }),
      ]);
      replace(
        detail,
        h('h3', {}, d.name),
        qualityTable(d),
        h('h4', {}, 'Source files'),
        table(
          ['path', 'bytes', 'sha256'],
          d.sourceFiles.map((f) => [f.path, formatInt(f.bytes), f.sha256.slice(0, 16)]),
        ),
        h('h4', {}, `Rejected rows (${formatInt(d.rejected)})`),
        rejected.length === 0
          ? h('p', { class: 'muted' }, 'none')
          : table(
              ['file', 'line', 'reason', 'raw'],
              rejected.map((r) => [r.file, String(r.line), r.reason, r.raw]),
            ),
      );
    } catch (error) {
      replace(detail, h('p', { class: 'error' }, errorText(error)));
    }
  };

  const setRunning = (jobId: string | undefined): void => {
    running = jobId;
    importButton.disabled = jobId !== undefined;
    cancelButton.disabled = jobId === undefined;
  };

  importButton.addEventListener('click', () => {
    const list = paths.value
      .split('\n')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (list.length === 0) {
      jobStatus.textContent = 'enter at least one file path';
      return;
    }
    jobStatus.textContent = 'starting…';
    bar.removeAttribute('value');
    client.data.importFiles({ paths: list }).then(
      (ticket) => {
        setRunning(ticket.jobId);
      },
      (error: unknown) => {
        jobStatus.textContent = errorText(error);
        bar.value = 0;
      },
    );
    setRunning('pending');
  });
  cancelButton.addEventListener('click', () => {
    if (running === undefined || running === 'pending') return;
    jobStatus.textContent = 'cancelling…';
    void client.data.cancelJob({ jobId: running });
  });
  refresh.addEventListener('click', () => {
    void load();
  });

  client.subscribe('job.progress', (p: JobProgressEvent) => {
    if (p.kind !== 'import') return;
    frames.schedule('import-progress', () => {
      if (p.total !== null && p.total > 0) {
        bar.max = p.total;
        bar.value = p.done;
      } else bar.removeAttribute('value');
      jobStatus.textContent = `${p.phase}: ${formatInt(p.done)}${p.total !== null ? ` / ${formatInt(p.total)}` : ''}`;
    });
  });
  client.subscribe('job.finished', (e: JobFinishedEvent) => {
    if (e.kind !== 'import') return;
    frames.schedule('import-progress', () => {
      bar.max = 1;
      bar.value = e.outcome.status === 'done' ? 1 : 0;
      switch (e.outcome.status) {
        case 'done':
          jobStatus.textContent = `imported ${e.outcome.summary}`;
          break;
        case 'cancelled':
          jobStatus.textContent = 'import cancelled';
          break;
        case 'failed':
          jobStatus.textContent = `import failed: ${e.outcome.message}`;
          break;
      }
    });
    if (running === e.jobId || running === 'pending') setRunning(undefined);
    void load();
  });

  void load();
  const element = h(
    'section',
    { 'data-testid': 'panel-data' },
    h('header', { class: 'toolbar' }, h('h2', {}, 'Data'), refresh),
    h(
      'div',
      { class: 'import' },
      paths,
      h('div', { class: 'row' }, importButton, cancelButton, bar, jobStatus),
    ),
    h('div', { class: 'split' }, list, detail),
  );
  return { id: 'data', title: 'Data', element };
}

function qualityTable(d: DatasetDetail): HTMLTableElement {
  const q = d.quality;
  const latency =
    q.feedLatency === null
      ? '—'
      : `p50 ${formatInt(q.feedLatency.p50Us)} µs, p99 ${formatInt(q.feedLatency.p99Us)} µs`;
  const reasons =
    Object.entries(q.rejectReasons)
      .map(([k, n]) => `${k}: ${n}`)
      .join('; ') || '—';
  const units =
    Object.entries(q.timestampUnits)
      .map(([k, u]) => `${k}=${u}`)
      .join(', ') || '—';
  return table(
    ['metric', 'value'],
    [
      ['rows read', formatInt(q.rowsRead)],
      ['accepted', formatInt(q.accepted)],
      ['rejected', formatInt(q.rejected)],
      ['duplicates', formatInt(q.duplicates)],
      ['out of order', formatInt(q.outOfOrder)],
      ['reject reasons', reasons],
      ['timestamp units', units],
      [`gaps > ${q.gapThresholdS} s`, formatInt(q.gapCount)],
      ['feed latency', latency],
    ],
    { testId: 'quality-table' },
  );
}
