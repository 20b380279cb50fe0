import type { DataService, ImportArgs } from '../../common/contract';
import type { DatasetDetail, DatasetSummary } from '../../common/dto';
import type { DatasetInfo, ImportOptions } from '../../../engine/lake/node/lake-types';
import type { JobRegistry } from './jobs';
import type { LakePort } from './lake-port';

/** Maps the engine's dataset onto the table row the UI lists. */
export function toSummary(d: DatasetInfo): DatasetSummary {
  return {
    name: d.name,
    kind: d.kind,
    venue: d.venue,
    symbol: d.symbol,
    rows: d.rows,
    rejected: d.rejected,
    duplicates: d.duplicates,
    firstTsUs: d.firstTsUs,
    lastTsUs: d.lastTsUs,
    format: d.format,
    importedAt: d.importedAt,
  };
}

/** The engine's dataset is already the detail DTO (a pure, plain-data type). */
export function toDetail(d: DatasetInfo): DatasetDetail {
  return d;
}

function importOptions(
  args: ImportArgs,
  signal: AbortSignal,
  onProgress: ImportOptions['onProgress'],
): ImportOptions {
  return {
    ...(args.format !== undefined ? { format: args.format } : {}),
    ...(args.venue !== undefined ? { venue: args.venue } : {}),
    ...(args.symbol !== undefined ? { symbol: args.symbol } : {}),
    ...(args.dataset !== undefined ? { dataset: args.dataset } : {}),
    ...(onProgress !== undefined ? { onProgress } : {}),
    signal,
  };
}

/** The data service over the lake; imports run as cancellable jobs. */
export function createDataService(lake: () => Promise<LakePort>, jobs: JobRegistry): DataService {
  return {
    async listDatasets() {
      return (await (await lake()).listDatasets()).map(toSummary);
    },
    async getDataset({ name }) {
      return toDetail(await (await lake()).getDataset(name));
    },
    async rejectedRows({ name, limit }) {
      return (await lake()).rejectedRows(name, limit);
    },
    async importFiles(args) {
      const opened = await lake();
      return jobs.start('import', async (signal, report) => {
        const result = await opened.importFiles(
          args.paths,
          importOptions(args, signal, (p) => {
            report.progress(p.phase, p.done, p.total);
          }),
        );
        const names = result.datasets.map((d) => d.name);
        const rows = result.datasets.reduce((sum, d) => sum + d.rows, 0);
        const skipped =
          result.skipped.length > 0 ? `, ${result.skipped.length} file(s) already imported` : '';
        return { summary: `${names.length} dataset(s), ${rows} rows${skipped}`, datasets: names };
      });
    },
    cancelJob({ jobId }) {
      return Promise.resolve({ cancelled: jobs.cancel(jobId) });
    },
  };
}
