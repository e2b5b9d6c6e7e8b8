// ESLint: TypeScript rules, and the import boundaries of the architecture (as VS Code and
// Signal-Desktop enforce theirs):
//   main/core     the domain, plain Node: never electron, React, the hosts or the renderer
//   main/api      the contract: pure (zod only) — nothing from Node, electron, core or hosts
//   main/host     Node adapters of the contract (web host, dispatcher): never electron
//   main/cli      never electron
//   main/electron the only code that may import electron
//   renderer      React: only main/api of main/, no Node built-ins, no electron
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const bare = builtinModules.filter((m) => !m.startsWith('node:') && !m.startsWith('_'));
const nodeBuiltins = [...new Set([...bare, ...bare.map((m) => `node:${m}`), ...builtinModules.filter((m) => m.startsWith('node:'))])];
const electron = { name: 'electron', message: 'Only main/electron may import electron (see README, Architecture).' };
const electronPatterns = { group: ['electron/*'], message: electron.message };

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'release/**', 'node_modules/**', 'test-results/**', 'native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['main/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, { name: 'react', message: 'main/core is plain Node: no React.' }],
          patterns: [
            electronPatterns,
            { group: ['**/host/**', '**/electron/**', '**/cli/**', '**/renderer/**'], message: 'main/core must not depend on the hosts, the CLI or the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, ...nodeBuiltins.map((name) => ({ name, message: 'main/api is shared with the renderer: no Node built-ins.' }))],
          patterns: [
            electronPatterns,
            { group: ['**/core/**', '**/host/**', '**/electron/**', '**/cli/**', '**/renderer/**'], message: 'main/api is the contract: it depends on nothing of main/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/host/**', 'main/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [electronPatterns, { group: ['**/renderer/**', '**/electron/**'], message: 'Hosts and CLI do not import the renderer or the Electron shell.' }] }],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a sandboxed page: no Node built-ins.' }))],
          patterns: [
            electronPatterns,
            { group: ['**/main/core/**', '**/main/host/**', '**/main/electron/**', '**/main/cli/**'], message: 'The renderer talks to main only through main/api (the contract client).' },
          ],
        },
      ],
    },
  },
);
