/**
 * Running ffmpeg-family processes.
 *
 * Owns: the one way the media module starts a child process — `spawn(bin, argsArray)`, never a
 * shell — and waits for it: bounded capture of stdout/stderr, a timeout, cancellation through an
 * AbortSignal (SIGKILL, then wait for the exit so no zombie is left), and `StderrLog`, the bounded
 * keeper of ffmpeg's error lines. Also `cancelled()`, the CANCELLED error of this module.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { RisalahError } from '../errors';

/** `ffmpeg -i` argument for a local file: the `file:` protocol, so that a name such as
 *  `concat:x.mp3` or `pipe:1` is never read as a protocol. */
export function inputUrl(file: string): string {
  return `file:${path.resolve(file)}`;
}

export function cancelled(file: string): RisalahError {
  return new RisalahError('CANCELLED', `Cancelled while reading ${file}`, { file });
}

/**
 * Keeps ffmpeg's stderr bounded: the first `head` and the last `tail` lines (each cut to
 * `maxLineChars`) and a count of all of them. ffmpeg can print one line per damaged frame, i.e.
 * hundreds of thousands for a badly damaged 3-hour file.
 */
export class StderrLog {
  readonly head: string[] = [];
  private readonly tailLines: string[] = [];
  private partial = '';
  count = 0;

  constructor(
    private readonly onLine?: (line: string) => void,
    private readonly maxHead = 20,
    private readonly maxTail = 20,
    private readonly maxLineChars = 300,
  ) {}

  push(text: string): void {
    const parts = (this.partial + text).split(/\r?\n|\r/);
    this.partial = parts.pop() ?? '';
    if (this.partial.length > 4 * this.maxLineChars) {
      // A line without end (binary garbage on stderr): keep its start, drop the rest.
      parts.push(this.partial);
      this.partial = '';
    }
    for (const p of parts) this.add(p);
  }

  end(): void {
    if (this.partial) this.add(this.partial);
    this.partial = '';
  }

  private add(raw: string): void {
    const line = raw.trim();
    if (!line) return;
    const cut = line.length > this.maxLineChars ? `${line.slice(0, this.maxLineChars)}…` : line;
    this.count++;
    this.onLine?.(cut);
    if (this.head.length < this.maxHead) {
      this.head.push(cut);
      return;
    }
    this.tailLines.push(cut);
    if (this.tailLines.length > this.maxTail) this.tailLines.shift();
  }

  /** The kept lines, in order; a `… N more lines …` marker where lines were dropped. */
  lines(): string[] {
    const dropped = this.count - this.head.length - this.tailLines.length;
    return dropped > 0
      ? [...this.head, `… ${dropped} more lines …`, ...this.tailLines]
      : [...this.head, ...this.tailLines];
  }

  /** At most `n` lines: the first n/2 and the last n/2 (a `… N more lines …` marker between). */
  sample(n: number): string[] {
    const all = this.lines();
    if (all.length <= n) return all;
    const half = Math.max(1, Math.floor(n / 2));
    const dropped = this.count - 2 * half;
    return [...all.slice(0, half), `… ${dropped} more lines …`, ...all.slice(all.length - half)];
  }

  /** The last kept line, e.g. `x.m4a: Invalid data found when processing input`. */
  last(): string | undefined {
    return this.tailLines.at(-1) ?? this.head.at(-1);
  }

  text(): string {
    return this.lines().join('\n');
  }
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: StderrLog;
  /** Set when the process could not be started (ENOENT, EACCES…). */
  spawnError?: NodeJS.ErrnoException;
  timedOut: boolean;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** stdout beyond this is an error (the process is killed). Default 32 MiB. */
  maxStdoutBytes?: number;
  /** The media file the run is about, for the CANCELLED error. */
  file?: string;
}

/**
 * Runs `bin args…` to completion and collects its output. Never rejects for a failed process
 * (see `code`, `spawnError`, `timedOut`); rejects with CANCELLED when `signal` aborts.
 */
export function runProcess(bin: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const { signal, timeoutMs, maxStdoutBytes = 32 * 1024 * 1024, file = path.basename(bin) } = opts;
  if (signal?.aborted) return Promise.reject(cancelled(file));
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let overflow = false;
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const stderr = new StderrLog();

    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const onAbort = (): void => kill();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            kill();
          }, timeoutMs)
        : undefined;

    child.stdout.on('data', (d: Buffer) => {
      if (overflow) return;
      outBytes += d.length;
      if (outBytes > maxStdoutBytes) {
        overflow = true;
        out.length = 0;
        kill();
        return;
      }
      out.push(d);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => stderr.push(d));
    child.once('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    // 'close' comes after the process exited (or failed to start) and its pipes closed.
    child.once('close', (code, sig) => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stderr.end();
      if (signal?.aborted) {
        reject(cancelled(file));
        return;
      }
      if (overflow) stderr.push(`\n(output larger than ${maxStdoutBytes} bytes; stopped)\n`);
      resolve({
        code: overflow ? -1 : code,
        signal: sig,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        timedOut,
        ...(spawnError ? { spawnError } : {}),
      });
    });
  });
}
