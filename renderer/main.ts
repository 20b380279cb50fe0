/**
 * Renderer entry: connect to the engine (preload bridge in Electron, WebSocket in browser mode)
 * and mount the workbench. Nothing here waits on the engine before drawing.
 */
import './styles.css';
import { connect } from './ipc/client';
import { chartPanel } from './panels/chart-panel';
import { dataPanel } from './panels/data-panel';
import { editorPanel } from './panels/editor-panel';
import { queryPanel } from './panels/query-panel';
import { mountWorkbench } from './shell/workbench';
import { h, replace } from './ui/dom';
import { errorText } from './ui/format';
import { FrameConflator } from './ui/frame-conflator';

function boot(): void {
  const root = document.getElementById('app');
  if (root === null) throw new Error('index.html has no #app element');
  try {
    const client = connect();
    const frames = new FrameConflator();
    mountWorkbench(root, client, [
      dataPanel(client, frames),
      queryPanel(client),
      editorPanel(),
      chartPanel(client),
    ]);
  } catch (error) {
    replace(root, h('p', { class: 'error fatal', 'data-testid': 'fatal' }, errorText(error)));
  }
}

boot();
