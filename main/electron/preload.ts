/**
 * The preload: exposes `window.risalah` — `invoke` for the contract's calls and `on` for its
 * pushes — and nothing else. Names outside the contract never reach the main process; the
 * channels are the contract's (main/api/channels.ts).
 * Runs sandboxed (bundled to CommonJS by scripts/build.mjs).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS } from '../api/channels';
import { isCallName, isPushName, type RisalahBridge } from '../api/contract';

const bridge: RisalahBridge = {
  invoke(name, input) {
    if (!isCallName(name)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CALL', message: `unknown call`, params: { call: String(name).slice(0, 80) } } });
    }
    return ipcRenderer.invoke(IPC_CHANNELS.invoke, name, input);
  },
  on(listener) {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (isPushName(name)) listener(name, payload);
    };
    ipcRenderer.on(IPC_CHANNELS.push, handler);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.push, handler);
    };
  },
};

contextBridge.exposeInMainWorld('risalah', bridge);
