#!/usr/bin/env node
// The `risalah` command: runs the built CLI (dist/cli.js, made by `npm run build` / `npm ci`).
import { existsSync } from 'node:fs';

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`risalah needs Node.js 24 or newer (this is ${process.version}).\n`);
  process.exit(2);
}
const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('risalah: not built yet — run `npm run build` first.\n');
  process.exit(70);
}
const { main } = await import(cli.href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
