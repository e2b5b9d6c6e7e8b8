// ESLint rule `risalah/boundaries`: the architecture's import boundaries as allowlists.
//
// Owns: what each layer of the tree may import — checked for static imports, `export … from`,
// dynamic `import()` and `require()` alike (a computed `import(x)` or `require(x)` cannot be
// checked and is refused). A relative import is resolved to the layer it lands in; a bare
// specifier is `node:` (a built-in), `electron`, or an npm package. Layers (see
// docs/architecture.md):
//   main/api       the contract, shared with the renderer: itself, zod, the locale files
//   main/core      the domain, plain Node: itself, the contract, Node, npm (never electron/React)
//   main/host      adapters of the contract: core, api, Node, npm (never electron, cli, renderer)
//   main/cli       the command line: core, api, host (for `serve`), Node, npm (never electron)
//   main/electron  the only code that may import electron; hosts, core, api
//   renderer       React: itself, main/api only, browser packages (never Node, core, hosts)
import { builtinModules } from 'node:module';
import path from 'node:path';

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const BROWSER_UNSAFE = new Set(['electron']);

/** The layer a repository-relative path belongs to. */
function layerOf(rel) {
  const p = rel.split(path.sep).join('/');
  for (const layer of ['main/api', 'main/core', 'main/host', 'main/cli', 'main/electron']) {
    if (p === layer || p.startsWith(`${layer}/`)) return layer;
  }
  if (p.startsWith('renderer/')) return 'renderer';
  if (p.startsWith('resources/')) return 'resources';
  if (p === 'package.json') return 'package.json';
  if (p.startsWith('tests/') || p.startsWith('scripts/') || p.startsWith('bench/')) return 'tooling';
  return 'other';
}

/** What `source` names, seen from `file`: { kind: 'layer', layer } | { kind: 'node' } | { kind: 'electron' } | { kind: 'npm', name }. */
function targetOf(root, file, source) {
  if (source.startsWith('.') || source.startsWith('/')) {
    const abs = path.resolve(path.dirname(file), source);
    return { kind: 'layer', layer: layerOf(path.relative(root, abs)) };
  }
  if (BUILTINS.has(source) || source.startsWith('node:')) return { kind: 'node' };
  const name = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
  if (name === 'electron') return { kind: 'electron' };
  return { kind: 'npm', name };
}

const REACT = new Set(['react', 'react-dom', 'react-i18next']);

/** null when allowed, else the reason. */
function verdict(from, t) {
  const msg = (why) => why;
  switch (from) {
    case 'main/api':
      if (t.kind === 'layer' && (t.layer === 'main/api' || t.layer === 'resources')) return null;
      if (t.kind === 'npm' && t.name === 'zod') return null;
      return msg('main/api is the contract shared with the renderer: it imports only itself, zod and the locale files.');
    case 'main/core':
      if (t.kind === 'electron') return msg('Only main/electron may import electron.');
      if (t.kind === 'npm' && REACT.has(t.name)) return msg('main/core is plain Node: no React.');
      if (t.kind === 'layer' && !['main/core', 'main/api', 'resources', 'package.json'].includes(t.layer)) {
        return msg('main/core must not depend on the hosts, the CLI, the Electron shell or the renderer.');
      }
      return null;
    case 'main/host':
      if (t.kind === 'electron') return msg('Only main/electron may import electron.');
      if (t.kind === 'npm' && REACT.has(t.name)) return msg('main/host is plain Node: no React.');
      if (t.kind === 'layer' && !['main/host', 'main/core', 'main/api', 'resources', 'package.json'].includes(t.layer)) {
        return msg('main/host imports the core and the contract only (never the CLI, the Electron shell or the renderer).');
      }
      return null;
    case 'main/cli':
      if (t.kind === 'electron') return msg('Only main/electron may import electron.');
      if (t.kind === 'npm' && REACT.has(t.name)) return msg('main/cli is plain Node: no React.');
      if (t.kind === 'layer' && !['main/cli', 'main/core', 'main/api', 'main/host', 'resources', 'package.json'].includes(t.layer)) {
        return msg('main/cli imports the core, the contract and the hosts only.');
      }
      return null;
    case 'main/electron':
      if (t.kind === 'npm' && REACT.has(t.name)) return msg('main/electron is the shell: no React.');
      if (t.kind === 'layer' && !['main/electron', 'main/host', 'main/core', 'main/api', 'resources', 'package.json'].includes(t.layer)) {
        return msg('main/electron adapts the hosts: it imports neither the CLI nor the renderer.');
      }
      return null;
    case 'renderer':
      if (t.kind === 'electron' || BROWSER_UNSAFE.has(t.name)) return msg('The renderer talks to main only through main/api (the contract client): no electron.');
      if (t.kind === 'node') return msg('The renderer runs in a sandboxed page: no Node built-ins.');
      if (t.kind === 'layer' && !['renderer', 'main/api', 'resources'].includes(t.layer)) {
        return msg('The renderer talks to main only through main/api (the contract client).');
      }
      return null;
    default:
      return null;
  }
}

export const boundaries = {
  meta: { type: 'problem', schema: [], messages: { crossed: '{{why}} ({{source}})', computed: 'A computed {{what}} cannot be checked against the architecture’s boundaries: use a literal path.' } },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = layerOf(path.relative(root, file));
    if (!['main/api', 'main/core', 'main/host', 'main/cli', 'main/electron', 'renderer'].includes(from)) return {};
    const check = (node, source) => {
      const why = verdict(from, targetOf(root, file, source));
      if (why) context.report({ node, messageId: 'crossed', data: { why, source } });
    };
    const literal = (node) => (node && node.type === 'Literal' && typeof node.value === 'string' ? node.value : node && node.type === 'TemplateLiteral' && node.expressions.length === 0 ? node.quasis[0].value.cooked : null);
    return {
      ImportDeclaration(node) {
        check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value);
      },
      ImportExpression(node) {
        const source = literal(node.source);
        if (source === null) context.report({ node, messageId: 'computed', data: { what: 'import()' } });
        else check(node, source);
      },
      TSExternalModuleReference(node) {
        const source = literal(node.expression);
        if (source === null) context.report({ node, messageId: 'computed', data: { what: 'require()' } });
        else check(node, source);
      },
      TSImportType(node) {
        const arg = node.source ?? node.argument;
        const source = literal(arg && arg.type === 'TSLiteralType' ? arg.literal : arg);
        if (source !== null) check(node, source);
      },
      CallExpression(node) {
        const callee = node.callee;
        const isRequire =
          (callee.type === 'Identifier' && callee.name === 'require') ||
          (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'require' && !callee.computed && callee.property.name === 'resolve');
        if (!isRequire || node.arguments.length === 0) return;
        const source = literal(node.arguments[0]);
        if (source === null) context.report({ node, messageId: 'computed', data: { what: 'require()' } });
        else check(node, source);
      },
    };
  },
};

// ---- `risalah/imports-allowlist`: a folder may import only from the given folders and packages ----
// (the renderer's stricter rule: its own files, main/api and the packages eslint.config.js names).
// Checked for static imports and re-exports, `import()`, `require()` (and `require.resolve`),
// `import x = require()` and `import('…')` types; a target that is not a plain string is refused.
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
    const allowedDirs = dirs.map((d) => path.join(context.cwd, d));
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


export default { rules: { boundaries, 'imports-allowlist': importsAllowlist } };
