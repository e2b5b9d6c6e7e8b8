/** Bundle a TypeScript driver of the repo for a child process (see scripts/run-ts.mjs). */
import path from 'node:path';
import { repoRoot } from './tmp';

export async function bundleDriver(entry: string): Promise<string> {
  const mod = (await import(path.join(repoRoot, 'scripts', 'run-ts.mjs'))) as { bundleTs(entry: string): Promise<string> };
  return mod.bundleTs(entry);
}
