/**
 * The Electron shell: the only place (with the preload) that imports electron.
 *
 * Owns: the app lifecycle (single instance), the window and its security settings, the
 * `risalah://` protocol that serves the renderer, the permission policy (microphone only), and
 * putting the IPC router in front of the host. It adapts Electron to the host; it decides
 * nothing about the domain.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, protocol, session, shell } from 'electron';
import { mediaRoute } from '../api/routes';
import { externalAllowed, openAction } from '../core/archive/file-types';
import { defaultArchiveDir } from '../core/archive/paths';
import { openHost, type Host } from '../host/host';
import { resolveMediaPath } from '../host/routes';
import { APP_ORIGIN, registerAppProtocol, registerSchemes } from './app-protocol';
import { registerIpcRouter } from './ipc-router';
import { installMenu } from './menu';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preload = path.join(here, 'preload.cjs');

registerSchemes(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let host: Host | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // No navigation away from the app, no new windows, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // A web page opens in the user's browser only for the hosts models come from, and only
      // after the user says yes; an archive file opens in the computer's own viewer only when it
      // is a document or an image — anything else is shown in its folder, never run.
      if (externalAllowed(url)) void askThenOpenExternal(url);
      else if (host && url.startsWith(`${APP_ORIGIN}${mediaRoute.prefix}`)) {
        void resolveMediaPath(host, new URL(url).pathname).then((found) => {
          if (!found) return;
          if (openAction(found.file) === 'open') void shell.openPath(found.file);
          else shell.showItemInFolder(found.file);
        });
      }
      return { action: 'deny' };
    });
  });

  async function askThenOpenExternal(url: string): Promise<void> {
    const options = {
      type: 'question' as const,
      buttons: ['Buka / Open', 'Batal / Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Buka halaman ini di peramban? / Open this page in the browser?',
      detail: url,
    };
    const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
    if (response === 0) await shell.openExternal(url);
  }

  app.on('window-all-closed', () => app.quit());

  // Quit only after the host has closed: running jobs cancelled (their journals kept for a
  // resume), the search index and the engine closed, upload leftovers removed.
  app.on('will-quit', (event) => {
    const open = host;
    if (!open) return;
    event.preventDefault();
    host = null;
    void open
      .close()
      .catch((e: unknown) => console.error('closing the host failed', e))
      .finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    const archiveDir = defaultArchiveDir();
    host = await openHost({ archiveDir, kind: 'electron', indexOnOpen: true });

    const ses = session.defaultSession;
    // Only the microphone (recording a ceremony) may be granted; everything else is refused.
    ses.setPermissionRequestHandler((wc, permission, callback, details) => {
      const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
      const fromApp = wc.getURL().startsWith(`${APP_ORIGIN}/`);
      callback(fromApp && permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((m) => m === 'audio'));
    });
    // Checks too: only the app's own pages, and only the microphone.
    ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permission === 'media' && (requestingOrigin === APP_ORIGIN || requestingOrigin.startsWith(`${APP_ORIGIN}/`)));

    registerAppProtocol(protocol, { rendererDir, host });
    registerIpcRouter(host);
    installMenu({ archiveDir: host.archive.dir });

    mainWindow = new BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 900,
      minHeight: 600,
      title: 'Risalah',
      show: false,
      backgroundColor: '#f6f5f1',
      webPreferences: {
        preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
  });
}
