/**
 * Start `risalah serve` (the built CLI) as a child process for end-to-end tests; its output is
 * kept for the failure report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from './tmp';
import path from 'node:path';

export interface Served {
  url: string;
  origin: string;
  log: () => string;
  stop: () => Promise<void>;
  child: ChildProcess;
}

export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'risalah.js'), 'serve', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    let first = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL:\n${output}`)), 20_000);
    child.stdout.on('data', (d: string) => {
      output += d;
      first += d;
      const nl = first.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(first.slice(0, nl).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    log: () => output,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
