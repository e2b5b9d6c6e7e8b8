/**
 * The architecture's import rule (eslint.config.js → scripts/eslint-boundaries.mjs) really fails a
 * change that crosses a boundary — static, dynamic or required — checked by linting small sources
 * as if they sat in each folder.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/tmp';

const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'risalah/boundaries').map((m) => m.message);
}

describe('import boundaries', () => {
  it('fail when main/core imports electron', async () => {
    const messages = await restrictedImports('main/core/archive/leak.ts', "import { app } from 'electron';\nexport const x = app;\n");
    expect(messages.join('\n')).toMatch(/Only main\/electron may import electron/);
  });

  it('fail when main/core requires electron, imports a subpath of it or imports React', async () => {
    expect((await restrictedImports('main/core/x.ts', "import { ipcMain } from 'electron/main';\nexport const x = ipcMain;\n")).length).toBeGreaterThan(0);
    expect(await restrictedImports('main/core/x.ts', "import React from 'react';\nexport const x = React;\n")).toHaveLength(1);
  });

  it('fail when main/api imports electron, Node built-ins or the core (the renderer: renderer-imports.test.ts)', async () => {
    expect(await restrictedImports('main/api/x.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('main/api/x.ts', "import { Archive } from '../core/archive/archive';\nexport const x = Archive;\n")).toHaveLength(1);
    expect(await restrictedImports('main/host/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
  });

  it('check dynamic import() and require() as well as static imports, and refuse computed ones', async () => {
    expect(await restrictedImports('renderer/features/x.ts', "export const load = () => import('../../main/core/archive/archive');\n")).toHaveLength(1);
    expect(await restrictedImports('main/core/x.ts', "export const e = require('electron');\n")).toHaveLength(1);
    expect(await restrictedImports('main/api/x.ts', "export const f = () => import('node:fs');\n")).toHaveLength(1);
    expect((await restrictedImports('main/core/x.ts', "const name = 'electron';\nexport const e = () => import(name);\n")).join('\n')).toMatch(/computed import/);
    expect((await restrictedImports('main/host/x.ts', "declare const n: string;\nexport const e = require(n);\n")).join('\n')).toMatch(/computed require/);
  });

  it('hold main/api to zod, keep the hosts and the CLI apart, and the renderer to main/api', async () => {
    expect(await restrictedImports('main/api/x.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
    expect(await restrictedImports('main/api/x.ts', "import i18n from 'i18next';\nexport const x = i18n;\n")).toHaveLength(1);
    expect(await restrictedImports('main/host/x.ts', "import { main } from '../cli/index';\nexport const x = main;\n")).toHaveLength(1);
    expect(await restrictedImports('main/core/x.ts', "import { openHost } from '../host/host';\nexport const x = openHost;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/x.ts', "import pkg from '../package.json';\nexport const x = pkg;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/x.ts', "export { calls } from '../main/host/handlers';\n")).toHaveLength(1);
  });

  it('allow what the architecture allows', async () => {
    expect(await restrictedImports('main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
    expect(await restrictedImports('main/core/x.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toEqual([]);
  });
});
