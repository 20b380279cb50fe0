/**
 * Monaco's workers, bundled by Vite as same-origin ES-module workers (`?worker` imports), so they
 * load under `script-src 'self'` / `worker-src 'self'`. Zero-config Monaco fails here: it cannot
 * find its editor worker in a bundled app.
 */
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

interface MonacoEnvironmentLike {
  getWorker(workerId: string, label: string): Worker;
}

export function installMonacoEnvironment(): void {
  const env: MonacoEnvironmentLike = {
    getWorker(_workerId, label) {
      switch (label) {
        case 'typescript':
        case 'javascript':
          return new TsWorker();
        case 'json':
          return new JsonWorker();
        default:
          return new EditorWorker();
      }
    },
  };
  Reflect.set(self, 'MonacoEnvironment', env);
}
