import type { ReplayService, ReplayStartArgs } from '../../common/contract';
import { ContractError } from '../../common/contract-error';
import type { ReplayProgressEvent } from '../../common/dto';
import { DEFAULT_REPLAY_PROCESSORS, parseProcessorList } from '../../../engine/kernel/processor-registry';
import { Lake } from '../../../engine/lake/node/lake';
import { columnsReadBy } from '../../../engine/kernel/columns-read';
import { openDatasetSource } from '../../../engine/lake/node/reader';
import { readerOptions } from '../../../engine/lake/node/worker-source';
import { NodePacer } from '../../../engine/replay/node/node-pacer';
import {
  validateSpeed,
  type ReplayController,
  type ReplayState,
} from '../../../engine/replay/replay-controller';
import { runReplay } from '../../../engine/replay/run-replay';
import { createFnvRows } from '../../../engine/replay/node/wasm-series-fnv';
import { createProcessorImpls } from '../../../engine/kernel/node/wasm-trade-processors';
import type { EventHub } from './event-hub';
import type { JobRegistry } from './jobs';
import type { LakePort } from './lake-port';

/** Progress events of a replay at most this often (events), besides every state change. */
const PROGRESS_EVERY_EVENTS = 10_000;

function contractState(state: ReplayState): ReplayProgressEvent['state'] {
  switch (state) {
    case 'idle':
    case 'running':
      return 'running';
    case 'paused':
      return 'paused';
    case 'stopped':
      return 'stopped';
    case 'done':
      return 'finished';
  }
}

/**
 * Replays through the same kernel as the CLI (`runReplay` over the lake's columnar read path),
 * as background jobs the UI controls while they run. The lake must be the real DuckDB `Lake`:
 * replay reads its Parquet files through its own connections.
 */
export function createReplayService(
  lake: () => Promise<LakePort>,
  jobs: JobRegistry,
  hub: EventHub,
): ReplayService {
  const running = new Map<string, ReplayController>();
  const controller = (jobId: string): ReplayController => {
    const c = running.get(jobId);
    if (c === undefined) throw new ContractError('not-found', `replay job ${jobId} is not running`);
    return c;
  };

  async function start(args: ReplayStartArgs) {
    const port = await lake();
    if (!(port instanceof Lake))
      throw new ContractError('not-available', 'replay needs the workspace DuckDB lake');
    const processors =
      args.processors !== undefined && args.processors.length > 0
        ? args.processors.join(',')
        : DEFAULT_REPLAY_PROCESSORS;
    parseProcessorList(processors);
    const speed = validateSpeed(args.speed === 0 ? 'max' : args.speed);
    for (const name of args.datasets) await port.getDataset(name);
    let jobId = '';
    const ticket = jobs.start('replay', async (signal, report) => {
      const source = await openDatasetSource(port, args.datasets, {
        fromUs: args.fromTsUs,
        toUs: args.toTsUs,
        columns: columnsReadBy(processors),
        ...readerOptions('auto'),
      });
      try {
        const summary = await runReplay({
          source,
          processors,
          speed,
          pacer: new NodePacer(),
          fnvRows: () => createFnvRows(),
          processorImpls: createProcessorImpls,
          signal,
          progressEveryEvents: PROGRESS_EVERY_EVENTS,
          onController: (c) => running.set(jobId, c),
          onProgress: (p) => {
            report.progress('replay', p.events, p.totalEvents);
            hub.emit('replay.progress', {
              jobId,
              state: contractState(p.state),
              tsUs: Number.isNaN(p.simTimeUs) ? null : p.simTimeUs,
              events: p.events,
            });
          },
        });
        return {
          summary: `${summary.status}: ${summary.events} events, ${summary.valuesEmitted} values, output hash ${summary.outputHash}`,
          datasets: [],
        };
      } finally {
        running.delete(jobId);
        await source.close();
      }
    });
    jobId = ticket.jobId;
    return ticket;
  }

  // The controller reports progress every N events; a control action reports at once, so the
  // UI shows the new position without waiting for the next report.
  const announce = (jobId: string, state: ReplayProgressEvent['state']): void => {
    const kernel = running.get(jobId)?.kernel;
    if (kernel === undefined) return;
    const tsUs = kernel.lastTsUs;
    hub.emit('replay.progress', {
      jobId,
      state,
      tsUs: Number.isNaN(tsUs) ? null : tsUs,
      events: kernel.events,
    });
  };

  return {
    start,
    pause: ({ jobId }) => {
      controller(jobId).pause();
      announce(jobId, 'paused');
      return Promise.resolve();
    },
    resume: ({ jobId }) => {
      controller(jobId).resume();
      announce(jobId, 'running');
      return Promise.resolve();
    },
    step: async ({ jobId, events }) => {
      await controller(jobId).step(events);
      announce(jobId, 'paused');
    },
    seek: async ({ jobId, tsUs }) => {
      const c = controller(jobId);
      await c.seek(tsUs);
      announce(jobId, contractState(c.state));
    },
    stop: ({ jobId }) => {
      controller(jobId).stop();
      return Promise.resolve();
    },
  };
}
