/**
 * The one place that binds the shell to the engine's lake implementation.
 */
import type { LakeOpener } from './lake-port';
import { ContractError } from '../../common/contract-error';

/** Opens the workspace lake with the engine's `Lake`. */
export const openLake: LakeOpener = () =>
  Promise.reject(
    new ContractError('not-available', 'the lake service (engine/lake/node/lake.ts) has not landed yet'),
  );
