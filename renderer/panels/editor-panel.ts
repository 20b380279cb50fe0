import type { Panel } from '../shell/panel';
import { h } from '../ui/dom';
import { errorText } from '../ui/format';

const SAMPLE = `// A strategy sketch. The editor runs TypeScript's language service in a worker.
interface Trade { readonly tsUs: number; readonly price: number; readonly size: number; readonly side: 1 | -1 }

export function vwap(trades: readonly Trade[]): number {
  let pv = 0;
  let v = 0;
  for (const t of trades) {
    pv += t.price * t.size;
    v += t.size;
  }
  return v === 0 ? Number.NaN : pv / v;
}
`;

/**
 * Monaco registers its TypeScript mode asynchronously after the first TypeScript model appears;
 * until then `getTypeScriptWorker` rejects ("TypeScript not registered").
 */
async function retry<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Monaco with TypeScript, loaded on first show (it is the heaviest part of the UI and the shell
 * must not wait for it). The status line reports when the TypeScript worker has answered, which
 * proves the workers run under the CSP.
 */
export function editorPanel(): Panel {
  const host = h('div', { class: 'editor', 'data-testid': 'editor' });
  const status = h('span', { class: 'muted', 'data-testid': 'editor-status' }, 'editor not loaded');
  let started = false;

  const start = async (): Promise<void> => {
    status.textContent = 'loading editor…';
    try {
      const [{ installMonacoEnvironment }, monaco] = await Promise.all([
        import('../editor/monaco-env'),
        import('monaco-editor'),
      ]);
      installMonacoEnvironment();
      const model = monaco.editor.createModel(SAMPLE, 'typescript', monaco.Uri.parse('file:///strategy.ts'));
      monaco.editor.create(host, {
        model,
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 13,
        theme: 'vs-dark',
      });
      const getWorker = await retry(() => monaco.typescript.getTypeScriptWorker(), 15_000);
      const worker = await getWorker(model.uri);
      const diagnostics = await worker.getSemanticDiagnostics(model.uri.toString());
      status.textContent = `TypeScript worker ready (${diagnostics.length} diagnostics)`;
      host.dataset.ready = 'true';
    } catch (error) {
      status.textContent = `editor failed: ${errorText(error)}`;
    }
  };

  const element = h(
    'section',
    { 'data-testid': 'panel-editor' },
    h('header', { class: 'toolbar' }, h('h2', {}, 'Editor'), status),
    host,
  );
  return {
    id: 'editor',
    title: 'Editor',
    element,
    activate() {
      if (started) return;
      started = true;
      void start();
    },
  };
}
