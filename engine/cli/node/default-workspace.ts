import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The OS app-data folder for Tickbench (what Electron's `app.getPath('userData')` would give). */
export function defaultWorkspace(): string {
  const env = process.env.TICKBENCH_WORKSPACE;
  if (env !== undefined && env !== '') return resolve(env);
  const home = homedir();
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Tickbench', 'workspace');
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Tickbench', 'workspace');
    default:
      return join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'tickbench', 'workspace');
  }
}
