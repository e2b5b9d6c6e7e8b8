/**
 * The desktop shell, launched through Playwright's Electron support — where the Electron binary
 * exists. On the build machine it cannot be downloaded, so the test is skipped with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/tmp';

function electronBinary(): string | null {
  const pkg = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

const binary = electronBinary();
if (!binary) {
  console.warn('[electron-smoke] skipped: the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD; no download possible on this machine).');
}

describe('Electron shell', () => {
  it.skipIf(!binary)('opens the archive window in Indonesian with a locked-down renderer', async () => {
    const tmp = tempDir('risalah-electron-');
    const app = await electron.launch({
      executablePath: binary as string,
      args: [path.join(repoRoot, 'dist', 'electron', 'main.js')],
      env: { ...process.env, RISALAH_ARCHIVE: tmp.dir },
    });
    try {
      const win = await app.firstWindow();
      await win.getByRole('heading', { name: 'Arsip ini masih kosong' }).waitFor();
      expect(await win.getAttribute('html', 'lang')).toBe('id');
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await win.evaluate(() => Object.keys((globalThis as unknown as { risalah: object }).risalah).sort())).toEqual(['invoke', 'on']);
    } finally {
      await app.close();
      tmp.cleanup();
    }
  });
});
