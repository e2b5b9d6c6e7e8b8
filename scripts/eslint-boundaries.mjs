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
      CallExpression(node) {
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'require' || node.arguments.length === 0) return;
        const source = literal(node.arguments[0]);
        if (source === null) context.report({ node, messageId: 'computed', data: { what: 'require()' } });
        else check(node, source);
      },
    };
  },
};

export default { rules: { boundaries } };
