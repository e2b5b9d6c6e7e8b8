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
import { app, BrowserWindow, protocol, session, shell } from 'electron';
import { mediaRoute } from '../api/routes';
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
      // Links to the outside world (e.g. a model's source page) open in the user's browser;
      // an archive file (the agreement PDF, a photo) opens in the computer's own viewer.
      if (url.startsWith('https://')) void shell.openExternal(url);
      else if (host && url.startsWith(`${APP_ORIGIN}${mediaRoute.prefix}`)) {
        void resolveMediaPath(host, new URL(url).pathname).then((found) => found && shell.openPath(found.file));
      }
      return { action: 'deny' };
    });
  });

  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    const archiveDir = defaultArchiveDir();
    host = await openHost({ archiveDir, kind: 'electron', indexOnOpen: true });

    const ses = session.defaultSession;
    // Only the microphone (recording a ceremony) may be granted; everything else is refused.
    ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
      const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
      callback(permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((m) => m === 'audio'));
    });
    ses.setPermissionCheckHandler((_wc, permission) => permission === 'media');

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
