import type { BacktestService, MonteCarloService, ScriptsService } from '../../common/contract';
import { ContractError } from '../../common/contract-error';

/** What is missing for each service that is in the contract before its engine part exists. */
export const MISSING = {
  backtest: 'backtests are not available yet: they arrive with the kernel, execution and portfolio issues',
  montecarlo: 'Monte Carlo is not available yet: it arrives with the Monte Carlo issue (engine/montecarlo)',
  scripts:
    'user scripts are not available yet: they arrive with the strategy sandbox issue (engine/strategy)',
} as const;

function refuse(what: keyof typeof MISSING): Promise<never> {
  return Promise.reject(new ContractError('not-available', MISSING[what]));
}

export const unavailableBacktest: BacktestService = { run: () => refuse('backtest') };

export const unavailableMonteCarlo: MonteCarloService = { run: () => refuse('montecarlo') };

export const unavailableScripts: ScriptsService = {
  list: () => refuse('scripts'),
  read: () => refuse('scripts'),
  save: () => refuse('scripts'),
};
