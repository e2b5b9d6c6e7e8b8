// ESLint: TypeScript rules, and the import boundaries of the architecture (as VS Code and
// Signal-Desktop enforce theirs):
//   main/core     the domain, plain Node: never electron, React, the hosts or the renderer
//   main/api      the contract: pure (zod only) — nothing from Node, electron, core or hosts
//   main/host     Node adapters of the contract (web host, dispatcher): never electron
//   main/cli      never electron
//   main/electron the only code that may import electron
//   renderer      React: its own files, main/api and the packages it names — an allowlist (below)
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const bare = builtinModules.filter((m) => !m.startsWith('node:') && !m.startsWith('_'));
const nodeBuiltins = [...new Set([...bare, ...bare.map((m) => `node:${m}`), ...builtinModules.filter((m) => m.startsWith('node:'))])];
const electron = { name: 'electron', message: 'Only main/electron may import electron (see README, Architecture).' };
const electronPatterns = { group: ['electron/*'], message: electron.message };

// ==== The renderer's imports: an allowlist ======================================================
// The renderer may import its own files, the contract (main/api) and the packages named here —
// nothing else: a new folder of main/, a Node built-in or electron is refused without being named.
// Checked for every way a module is reached: static imports and re-exports, `import()`,
// `require()` (and `require.resolve`), `import x = require()` and `import('…')` types; a target
// that is not a plain string cannot be checked and is refused. The rule itself
// (`risalah/imports-allowlist`) takes the folders and packages as options, for other folders too.
const RENDERER_PACKAGES = ['react', 'react-dom', 'react-i18next', 'i18next'];

const repoDir = path.dirname(fileURLToPath(import.meta.url));
const inside = (dir, file) => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};
/** The package a bare specifier names: `react-dom/client` → `react-dom`, `@scope/pkg/x` → `@scope/pkg`. */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

const importsAllowlist = {
  meta: {
    type: 'problem',
    docs: { description: 'Allow imports only from the given folders and packages (static, dynamic, require).' },
    schema: [
      {
        type: 'object',
        properties: {
          dirs: { type: 'array', items: { type: 'string' } },
          packages: { type: 'array', items: { type: 'string' } },
          who: { type: 'string' },
        },
        required: ['dirs', 'packages', 'who'],
        additionalProperties: false,
      },
    ],
    messages: {
      folder: "{{who}} may import only from {{dirs}}: '{{spec}}' is outside them (the renderer talks to main only through main/api, the contract).",
      package: "{{who}} may use only the packages {{packages}} (eslint.config.js): '{{spec}}' is not one of them (no Node built-ins, no electron).",
      computed: '{{who}}: an import whose target is not a plain string cannot be checked; write the path as a string literal.',
    },
  },
  create(context) {
    const { dirs, packages, who } = context.options[0];
    const allowedDirs = dirs.map((d) => path.join(repoDir, d));
    const data = { who, dirs: dirs.map((d) => `${d}/`).join(', '), packages: packages.join(', ') };
    const check = (node) => {
      if (!node) return;
      const literal = node.type === 'TSLiteralType' ? node.literal : node;
      let spec = null;
      if (literal.type === 'Literal' && typeof literal.value === 'string') spec = literal.value;
      else if (literal.type === 'TemplateLiteral' && literal.expressions.length === 0) spec = literal.quasis[0].value.cooked;
      if (spec === null) return context.report({ node, messageId: 'computed', data });
      const bare = spec.replace(/[?#].*$/, ''); // Vite's `?url`, `?raw`
      if (bare.startsWith('.') || path.isAbsolute(bare)) {
        const target = path.resolve(path.dirname(context.filename), bare);
        if (!allowedDirs.some((d) => inside(d, target))) context.report({ node, messageId: 'folder', data: { ...data, spec } });
      } else if (!packages.includes(packageOf(bare))) {
        context.report({ node, messageId: 'package', data: { ...data, spec } });
      }
    };
    const isRequire = (callee) =>
      (callee.type === 'Identifier' && callee.name === 'require') ||
      (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'require' && !callee.computed && callee.property.name === 'resolve');
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => node.source && check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      CallExpression: (node) => isRequire(node.callee) && check(node.arguments[0] ?? node),
      TSExternalModuleReference: (node) => check(node.expression),
      TSImportType: (node) => check(node.source ?? node.argument), // (`argument` before typescript-eslint 8.x's `source`)
    };
  },
};

const rendererImports = {
  files: ['renderer/**'],
  plugins: { risalah: { rules: { 'imports-allowlist': importsAllowlist } } },
  rules: { 'risalah/imports-allowlist': ['error', { dirs: ['renderer', 'main/api'], packages: RENDERER_PACKAGES, who: 'The renderer' }] },
};
// ==== end of the renderer's imports =============================================================

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
  rendererImports, // (the renderer's allowlist: see its block above)
);
