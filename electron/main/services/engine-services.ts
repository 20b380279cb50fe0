import type { TickbenchApi } from '../../common/contract';
import { CONTRACT_VERSION } from '../../common/contract';
import type { ServiceName } from '../../common/dto';
import { createDataService } from './data-service';
import { EventHub } from './event-hub';
import { JobRegistry } from './jobs';
import type { LakeOpener, LakePort } from './lake-port';
import { createQueryService } from './query-service';
import { createReplayService } from './replay-service';
import { unavailableBacktest, unavailableMonteCarlo, unavailableScripts } from './unavailable';

export interface EngineServicesOptions {
  readonly workspace: string;
  readonly host: 'electron' | 'browser';
  readonly appVersion: string;
  /** Opens the workspace's lake (the caller decides about demo data). */
  readonly openLake: LakeOpener;
}

/** The engine side of the contract for one workspace, shared by every client and transport. */
export interface EngineServices {
  readonly api: TickbenchApi;
  readonly hub: EventHub;
  readonly jobs: JobRegistry;
  /** Cancels jobs and closes the lake (DuckDB is single-writer: release it on exit). */
  close(): Promise<void>;
}

const AVAILABLE: readonly ServiceName[] = ['data', 'query', 'replay', 'workspace'];

/**
 * Wires the services. The lake opens in the background at once; calls wait for it, so the
 * window can show before DuckDB is ready, and a failed open is reported by every data call.
 */
export function createEngineServices(options: EngineServicesOptions): EngineServices {
  const hub = new EventHub();
  const jobs = new JobRegistry(hub);
  const opening: Promise<LakePort> = options.openLake();
  // Avoid an unhandled rejection before the first call observes the failure.
  opening.catch(() => undefined);
  const lake = (): Promise<LakePort> => opening;
  const api: TickbenchApi = {
    data: createDataService(lake, jobs),
    query: createQueryService(lake),
    replay: createReplayService(lake, jobs, hub),
    backtest: unavailableBacktest,
    montecarlo: unavailableMonteCarlo,
    scripts: unavailableScripts,
    workspace: {
      info: () =>
        Promise.resolve({
          path: options.workspace,
          appVersion: options.appVersion,
          contractVersion: CONTRACT_VERSION,
          host: options.host,
          available: AVAILABLE,
        }),
      path: () => Promise.resolve({ path: options.workspace }),
    },
  };
  let closed: Promise<void> | undefined;
  return {
    api,
    hub,
    jobs,
    close() {
      closed ??= (async () => {
        jobs.cancelAll();
        try {
          await (await opening).close();
        } catch {
          // The lake never opened: nothing to release.
        }
      })();
      return closed;
    },
  };
}
