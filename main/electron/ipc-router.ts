/**
 * The IPC router: the contract over Electron IPC.
 *
 * Owns: accepting calls on the contract's invoke channel (main/api/channels.ts) only from the
 * app's own frames, handing the call to the host's dispatcher (which validates the name and the
 * payload — nothing from the renderer is trusted), and forwarding pushes to every window on the
 * push channel.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../api/channels';
import type { Envelope } from '../api/errors';
import type { Host } from '../host/host';
import { APP_ORIGIN } from './app-protocol';

function trustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(`${APP_ORIGIN}/`);
}

export function registerIpcRouter(host: Host): () => void {
  ipcMain.handle(IPC_CHANNELS.invoke, async (event, name: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (!trustedSender(event)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'sender is not the app' } };
    }
    return host.dispatch(name, input);
  });
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
