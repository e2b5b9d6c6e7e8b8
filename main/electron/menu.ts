/**
 * The application menu, in Indonesian (labels from resources/locales/id.json).
 */
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { catalogs } from '../api/locales';

export function installMenu(options: { archiveDir: string }): void {
  const m = catalogs.id.menu;
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: m.file,
      submenu: [
        { label: m.openArchiveFolder, click: () => void shell.openPath(options.archiveDir) },
        { type: 'separator' },
        { label: m.quit, role: 'quit' },
      ],
    },
    {
      label: m.edit,
      submenu: [
        { label: m.undo, role: 'undo' },
        { label: m.redo, role: 'redo' },
        { type: 'separator' },
        { label: m.cut, role: 'cut' },
        { label: m.copy, role: 'copy' },
        { label: m.paste, role: 'paste' },
        { label: m.selectAll, role: 'selectAll' },
      ],
    },
    {
      label: m.view,
      submenu: [
        { label: m.reload, role: 'reload' },
        { type: 'separator' },
        { label: m.zoomIn, role: 'zoomIn' },
        { label: m.zoomOut, role: 'zoomOut' },
        { label: m.resetZoom, role: 'resetZoom' },
        { type: 'separator' },
        { label: m.fullscreen, role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ label: m.devTools, role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: m.help,
      submenu: [{ label: m.about, click: () => app.showAboutPanel() }],
    },
  ];
  app.setAboutPanelOptions({ applicationName: 'Risalah', applicationVersion: app.getVersion() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
