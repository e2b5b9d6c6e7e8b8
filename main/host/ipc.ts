/**
 * The contract over Electron IPC, without Electron: what the IPC router (main/electron/ipc-router.ts)
 * does with each invoke, as a plain function the tests drive too.
 *
 * Owns: accepting a call only from the app's own pages (`risalah://app/…`: a frame of any other
 * origin — a web page that got into a webview, a file:// page — is UNAUTHORIZED) and handing it to
 * the dispatcher, which validates the name and the payload.
 */
import { APP_ORIGIN } from '../api/channels';
import type { Envelope } from '../api/errors';
import type { Dispatch } from './dispatch';

export type IpcInvoke = (senderUrl: string | undefined, name: unknown, input: unknown) => Promise<Envelope<unknown>>;

export function ipcInvoker(dispatch: Dispatch): IpcInvoke {
  return async (senderUrl, name, input) => {
    if (!(senderUrl ?? '').startsWith(`${APP_ORIGIN}/`)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'sender is not the app' } };
    }
    return dispatch(name, input);
  };
}
