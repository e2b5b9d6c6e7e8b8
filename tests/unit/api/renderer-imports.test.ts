/**
 * The renderer's import allowlist (eslint.config.js, `risalah/imports-allowlist`): its own files,
 * main/api and its named packages pass; everything else fails — however it is imported (static,
 * re-export, `import()`, `require()`, `import = require`, an `import('…')` type), and a target that
 * is not a plain string fails because it cannot be checked.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/tmp';

const eslint = new ESLint({ cwd: repoRoot });

async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  expect(fatal, 'the sample must parse').toEqual([]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'risalah/imports-allowlist').map((m) => m.message);
}

const FILE = 'renderer/features/sample/Sample.tsx';

describe('the renderer imports only from itself, main/api and its packages', () => {
  it('allows its own files, the contract and the named packages', async () => {
    const code = [
      "import { useState } from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "import { useTranslation } from 'react-i18next';",
      "import type { TFunction } from 'i18next';",
      "import { api } from '../../lib/api';",
      "import { calls } from '../../../main/api/contract';",
      "export { mediaRoute } from '../../../main/api/routes';",
      "import styles from '../../styles/base.css?url';",
      "export const lazy = () => import('../../lib/router');",
      'export const x = [useState, createRoot, useTranslation, api, calls, styles];',
      'export type T = TFunction;',
    ].join('\n');
    expect(await refusals(FILE, code)).toEqual([]);
  });

  it('refuses any other folder of main/ (not only the ones known today) and outside the renderer', async () => {
    for (const spec of ['../../../main/core/archive/archive', '../../../main/host/host', '../../../main/recorder/new-folder', '../../../scripts/build.mjs', '../../../resources/locales/id.json']) {
      expect(await refusals(FILE, `import * as m from '${spec}';\nexport const x = m;\n`), spec).toHaveLength(1);
    }
  });

  it('refuses Node built-ins, electron and packages it does not name', async () => {
    for (const spec of ['node:fs', 'path', 'electron', 'electron/renderer', 'zod', '@ricky0123/vad-web']) {
      const [message] = await refusals(FILE, `import * as m from '${spec}';\nexport const x = m;\n`);
      expect(message, spec).toContain(`'${spec}' is not one of them`);
    }
  });

  it('checks import(), require(), re-exports, import = require and import types as well', async () => {
    const samples = [
      "export const m = import('../../../main/core/archive/archive');",
      "export const m = await import('node:fs');",
      "export const m = require('electron');",
      "export const m = require.resolve('../../../main/host/host');",
      "export * from '../../../main/cli/index';",
      "export { Archive } from '../../../main/core/archive/archive';",
      "import fs = require('node:fs');\nexport const m = fs;",
      "export type A = import('../../../main/core/archive/archive').Archive;",
    ];
    for (const code of samples) expect(await refusals(FILE, code), code).toHaveLength(1);
  });

  it('refuses a target it cannot read', async () => {
    for (const code of ["const where = 'node:fs';\nexport const m = import(where);", "const w = 'fs';\nexport const m = require(`node:${w}`);"]) {
      const [message] = await refusals(FILE, code);
      expect(message, code).toMatch(/not a plain string cannot be checked/);
    }
  });
});
