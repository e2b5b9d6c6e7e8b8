/**
 * The Electron IPC channels of the contract.
 *
 * Owns: the names of the two channels between the preload (`window.risalah`) and the IPC router
 * (main/electron/ipc-router.ts) — calls go to the main process on `invoke` (name, input →
 * envelope), pushes come back on `push` (name, payload). Both ends take the names from here.
 * Also the app's own origin: the only pages whose calls the IPC router accepts.
 */

/** The desktop app's pages are served as `risalah://app/…` (main/electron/app-protocol.ts). */
export const APP_SCHEME = 'risalah';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const IPC_CHANNELS = {
  /** `ipcRenderer.invoke(invoke, callName, input)` → the dispatcher's envelope. */
  invoke: 'risalah:invoke',
  /** `webContents.send(push, pushName, payload)` to every window. */
  push: 'risalah:push',
} as const;
