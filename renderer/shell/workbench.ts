import type { Client } from '../ipc/client';
import { h, replace } from '../ui/dom';
import { errorText } from '../ui/format';
import type { Panel } from './panel';

/** Lays out the nav, the panels and the status bar, and switches panels. */
export function mountWorkbench(root: HTMLElement, client: Client, panels: readonly Panel[]): void {
  const status = h('span', { 'data-testid': 'connection-status' }, 'connecting');
  const workspace = h('span', { class: 'muted', 'data-testid': 'workspace-path' });
  const nav = h('nav', { class: 'nav' }, h('div', { class: 'brand' }, 'Tickbench'));
  const main = h('main', { class: 'panels' });
  const buttons = new Map<string, HTMLButtonElement>();

  const show = (id: string): void => {
    for (const p of panels) {
      const active = p.id === id;
      p.element.hidden = !active;
      buttons.get(p.id)?.classList.toggle('active', active);
      if (active) p.activate?.();
    }
  };
  for (const p of panels) {
    const b = h('button', { 'data-testid': `nav-${p.id}`, type: 'button' }, p.title);
    b.addEventListener('click', () => {
      show(p.id);
    });
    buttons.set(p.id, b);
    nav.appendChild(b);
    p.element.classList.add('panel');
    main.appendChild(p.element);
  }
  replace(
    root,
    h('div', { class: 'workbench' }, nav, main),
    h(
      'footer',
      { class: 'statusbar' },
      h('span', {}, `${client.host} mode`),
      ' · ',
      status,
      ' · ',
      workspace,
    ),
  );
  client.onStatus((s) => {
    status.textContent = s;
    status.className = `status-${s}`;
  });
  client.workspace.info().then(
    (info) => {
      workspace.textContent = `workspace ${info.path} · v${info.appVersion}`;
    },
    (error: unknown) => {
      workspace.textContent = errorText(error);
    },
  );
  const first = panels[0];
  if (first !== undefined) show(first.id);
}
