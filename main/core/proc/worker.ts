/**
 * Worker processes: heavy native work (the VAD's onnxruntime, sherpa-onnx's diarization) runs in a
 * process of its own, so a crash or an `exit()` in native code ends only that process and never
 * two onnxruntimes share one.
 *
 * Owns: how a worker is started and talked to, the same for its parent and for itself, whatever
 * starts it — `child_process.fork` in plain Node (the CLI, `risalah serve`, tests) or Electron's
 * `utilityProcess` in the desktop app, where the RunAsNode fuse is off and `fork` of Electron's own
 * binary cannot work (main/electron sets the launcher; core never imports electron). Messages are
 * structured clones either way.
 */
import { fork } from 'node:child_process';

/** The parent's handle on a running worker. */
export interface WorkerHandle {
  readonly pid: number | undefined;
  /** The worker's stderr (for the last words of a crash), when it has one. */
  readonly stderr: NodeJS.ReadableStream | null;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The worker ended: its exit code, or the signal that ended it (null where not known). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  onError(listener: (error: Error) => void): void;
  kill(): void;
}

export type WorkerLauncher = (entry: string, options: { execArgv?: string[]; name: string }) => WorkerHandle;

/** `child_process.fork` with an IPC channel (plain Node). */
export const forkLauncher: WorkerLauncher = (entry, options) => {
  const child = fork(entry, [], { execArgv: options.execArgv ?? [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  return {
    get pid() {
      return child.pid;
    },
    stderr: child.stderr,
    send: (m) => {
      if (child.connected) child.send(m as never);
    },
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.on('exit', l),
    onError: (l) => void child.on('error', l),
    kill: () => void child.kill('SIGKILL'),
  };
};

let launcher: WorkerLauncher = forkLauncher;

/** The desktop app sets Electron's utilityProcess launcher at start. */
export function setWorkerLauncher(next: WorkerLauncher): void {
  launcher = next;
}

export function launchWorker(entry: string, options: { execArgv?: string[]; name: string }): WorkerHandle {
  return launcher(entry, options);
}

/** The worker's side of the channel: how it hears its parent and answers, however it was started. */
export interface ParentChannel {
  send(message: unknown, then?: () => void): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away (Node: the IPC channel closed). */
  onParentGone(listener: () => void): void;
  /** Close the channel so the process can end by itself. */
  close(): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

export function parentChannel(): ParentChannel {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) {
    // Electron's utility process: it ends with its parent, so "parent gone" never needs telling.
    return {
      send: (m, then) => {
        port.postMessage(m);
        then?.();
      },
      onMessage: (l) => port.on('message', (e) => l(e.data)),
      onParentGone: () => undefined,
      close: () => undefined,
    };
  }
  if (!process.send) throw new Error('a worker must be started by launchWorker (fork or utilityProcess)');
  const send = process.send.bind(process);
  return {
    send: (m, then) => {
      if (process.connected) send(m as never, undefined, {}, () => then?.());
      else then?.();
    },
    onMessage: (l) => void process.on('message', l),
    onParentGone: (l) => void process.on('disconnect', l),
    close: () => {
      if (process.connected) process.disconnect();
    },
  };
}
