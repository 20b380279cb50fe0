/**
 * Binds the Electron shell to the engine's lake. (The CLI's `serve` uses the CLI's own opener,
 * engine/cli/node/workspace.ts, so both follow the CLI's demo-data rule.)
 */
import { Lake } from '../../../engine/lake/node/lake';
import type { LakePort } from './lake-port';

/** Opens (creating) the workspace lake; `demoDir` is imported when the workspace is new. */
export function openLakeAt(workspace: string, demoDir: string | undefined): Promise<LakePort> {
  return Lake.open(workspace, { demoDir });
}
