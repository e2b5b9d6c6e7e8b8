// ESLint: TypeScript rules, and the import boundaries of the architecture (as VS Code and
// Signal-Desktop enforce theirs) — each layer's allowlist is in scripts/eslint-boundaries.mjs:
//   main/api      the contract: itself, zod and the locale files — shared with the renderer
//   main/core     the domain, plain Node: never electron, React, the hosts, the CLI or the renderer
//   main/host     Node adapters of the contract (web host, dispatcher): never electron or the CLI
//   main/cli      the command line: core, api, hosts; never electron
//   main/electron the only code that may import electron
//   renderer      React: its own files, main/api and the packages named below — an allowlist
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundariesPlugin from './scripts/eslint-boundaries.mjs';

/** The only packages the renderer may import (besides its own files and main/api). */
const RENDERER_PACKAGES = ['react', 'react-dom', 'react-i18next', 'i18next'];

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
    // The architecture's boundaries, as allowlists per layer, for static imports, `export … from`,
    // `import()` and `require()` alike (scripts/eslint-boundaries.mjs).
    files: ['main/**/*.{ts,tsx}', 'renderer/**/*.{ts,tsx}'],
    plugins: { risalah: boundariesPlugin },
    rules: { 'risalah/boundaries': 'error' },
  },
  {
    // The renderer, stricter: its own files, the contract (main/api) and the packages named above.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { 'risalah/imports-allowlist': ['error', { dirs: ['renderer', 'main/api'], packages: RENDERER_PACKAGES, who: 'The renderer' }] },
  },
);
