/**
 * The IPC router: the contract over Electron IPC.
 *
 * Owns: accepting `risalah:invoke` only from the app's own frames, handing the call to the
 * host's dispatcher (which validates the name and the payload — nothing from the renderer is
 * trusted), and forwarding pushes to every window on `risalah:push`.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '../api/errors';
import type { Host } from '../host/host';
import { APP_ORIGIN } from './app-protocol';

export const INVOKE_CHANNEL = 'risalah:invoke';
export const PUSH_CHANNEL = 'risalah:push';

function trustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(`${APP_ORIGIN}/`);
}

export function registerIpcRouter(host: Host): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (!trustedSender(event)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'sender is not the app' } };
    }
    return host.dispatch(name, input);
  });
  const unsubscribe = host.pushes.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(PUSH_CHANNEL, name, payload);
    }
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
