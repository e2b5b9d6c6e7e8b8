/**
 * The IPC router: the contract over Electron IPC.
 *
 * Owns: wiring the contract's invoke channel (main/api/channels.ts) to main/host/ipc.ts — calls
 * accepted only from the app's own frames, then the host's dispatcher (which validates the name
 * and the payload: nothing from the renderer is trusted) — and forwarding pushes to every window
 * on the push channel.
 */
import { BrowserWindow, ipcMain } from 'electron';
import { IPC_CHANNELS } from '../api/channels';
import type { Host } from '../host/host';
import { ipcInvoker } from '../host/ipc';

export function registerIpcRouter(host: Host): () => void {
  const invoke = ipcInvoker(host.dispatch);
  ipcMain.handle(IPC_CHANNELS.invoke, (event, name: unknown, input: unknown) => invoke(event.senderFrame?.url, name, input));
  const unsubscribe = host.pushes.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC_CHANNELS.push, name, payload);
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.invoke);
    unsubscribe();
  };
}
