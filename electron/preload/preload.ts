/**
 * The sandboxed preload (bundled to CommonJS: sandboxed preloads cannot be ES modules). It
 * exposes `window.tickbench` — exactly the contract's methods, generated from its method list,
 * plus one event subscription — and nothing else: no `ipcRenderer`, no Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, createBridge } from '../common/bridge';

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  createBridge({
    invoke: (channel, args) => ipcRenderer.invoke(channel, args),
    on: (channel, listener) => ipcRenderer.on(channel, listener),
    removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
  }),
);
