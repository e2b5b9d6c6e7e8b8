/**
 * Worker processes in the desktop app: Electron's `utilityProcess` behind core's launcher
 * (main/core/proc/worker.ts). The RunAsNode fuse is off in the packaged app, so `fork` of
 * Electron's binary would not run Node; a utility process does, sandboxed from the window.
 */
import { utilityProcess } from 'electron';
import type { WorkerLauncher } from '../core/proc/worker';

export const utilityLauncher: WorkerLauncher = (entry, options) => {
  const child = utilityProcess.fork(entry, [], { stdio: ['ignore', 'ignore', 'pipe'], serviceName: options.name, execArgv: options.execArgv ?? [] });
  return {
    get pid() {
      return child.pid;
    },
    stderr: child.stderr,
    send: (m) => child.postMessage(m),
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.on('exit', (code) => l(code, null)),
    onError: (l) => void child.on('error', (e: unknown) => l(e instanceof Error ? e : new Error(String(e)))),
    kill: () => void child.kill(),
  };
};
