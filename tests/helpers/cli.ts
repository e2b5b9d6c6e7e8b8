/**
 * Running the built CLI (`bin/risalah.js`) as a user would, in Indonesian unless told otherwise.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './tmp';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'risalah.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, RISALAH_LANG: 'id', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
