/**
 * The packaged app's hardening, read from its configuration (the Electron binary itself cannot be
 * downloaded here): the fuses electron-builder flips, the asar, and the shell's policies in
 * main/electron/main.ts (window, permissions, what opens outside).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalAllowed, openAction } from '../../../main/core/archive/file-types';
import { repoRoot } from '../../helpers/tmp';

const config = createRequire(import.meta.url)(path.join(repoRoot, 'electron-builder.config.cjs')) as Record<string, unknown>;

describe('the packaged app', () => {
  it('flips the fuses: no RunAsNode, no NODE_OPTIONS or --inspect, encrypted cookies, asar only and checked', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    expect(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts.dist).toContain('electron-builder.config.cjs');
  });

  it('the shell: sandboxed, isolated window; permissions only for the app origin; no run-as-node children', () => {
    const main = readFileSync(path.join(repoRoot, 'main', 'electron', 'main.ts'), 'utf8');
    expect(main).toMatch(/sandbox: true/);
    expect(main).toMatch(/contextIsolation: true/);
    expect(main).toMatch(/nodeIntegration: false/);
    expect(main).toMatch(/setPermissionCheckHandler\([^)]*requestingOrigin\)/);
    expect(main).not.toMatch(/ELECTRON_RUN_AS_NODE/);
  });

  it('opens documents and images in the viewer, only shows anything else in its folder', () => {
    for (const name of ['att-a-MoU.pdf', 'att-b-foto.JPG', 'att-c-notulen.docx', 'att-d-daftar.xlsx']) expect(openAction(name)).toBe('open');
    for (const name of ['att-e-evil.exe', 'att-f-script.sh', 'att-g-berkas', 'att-h-x.html', 'att-i-y.svg']) expect(openAction(name)).toBe('reveal');
  });

  it('opens web pages only of the model sources, over https, without credentials', () => {
    expect(externalAllowed('https://huggingface.co/ggerganov/whisper.cpp')).toBe(true);
    expect(externalAllowed('https://github.com/k2-fsa/sherpa-onnx/releases')).toBe(true);
    for (const url of ['http://huggingface.co/x', 'https://huggingface.co.evil.example/x', 'https://evil.example/', 'https://user:pw@github.com/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(externalAllowed(url), url).toBe(false);
    }
  });
});
