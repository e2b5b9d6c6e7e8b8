/**
 * Helpers for the media tests (not a test file).
 *
 * Owns: `caught` (the RisalahError a promise or iteration rejects with), `childrenOf` (this
 * process's live child processes, from /proc), `drain` (iterate a PCM stream to its end) and
 * `testDir` (a temporary folder removed when the test ends).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { RisalahError } from '../../../main/core/errors';

/** Awaits `p`, which must reject with a RisalahError; returns it. */
export async function caught(p: Promise<unknown>): Promise<RisalahError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a RisalahError').toBeInstanceOf(RisalahError);
  return err as RisalahError;
}

/** Live (or zombie) child processes of `pid`, as { pid, comm, state } (Linux /proc). */
export function childrenOf(pid: number = process.pid): { pid: number; comm: string; state: string }[] {
  const out: { pid: number; comm: string; state: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid …  — comm may contain spaces and parentheses
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [state, ppid] = stat.slice(close + 2).split(' ');
    if (Number(ppid) === pid) out.push({ pid: Number(name), comm, state: state ?? '?' });
  }
  return out;
}

/** Whether a process with this pid exists at all (a zombie counts). */
export function processExists(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}

/** Iterates `stream` to the end; returns the concatenated bytes and the chunk sizes. */
export async function drain(stream: AsyncIterable<Buffer>): Promise<{ data: Buffer; sizes: number[] }> {
  const parts: Buffer[] = [];
  const sizes: number[] = [];
  for await (const b of stream) {
    parts.push(b);
    sizes.push(b.length);
  }
  return { data: Buffer.concat(parts), sizes };
}

/** A temporary folder for the current test, removed when the test finishes. */
export async function testDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `risalah-${prefix}-`));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
