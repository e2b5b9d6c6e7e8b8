/**
 * A small, real file system that fills up: a tmpfs of a few MB, for the disk-full tests.
 *
 * Mounted as root (the CI machine's user) with `mount -t tmpfs`; elsewhere the test fails with
 * what to do — a disk-full path that is never exercised is not tested.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  dir: string;
  unmount(): void;
}

export function mountSmallDisk(sizeKb: number): SmallDisk {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'risalah-fulldisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0777`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cannot mount a small tmpfs for the disk-full tests (run them as root, as CI does): ${(e as Error).message}`, { cause: e });
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fill the disk with one file until only `leaveBytes` remain (roughly). */
export function fillDisk(dir: string, leaveBytes = 0): void {
  const st = execFileSync('df', ['-B1', '--output=avail', dir], { encoding: 'utf8' }).split('\n')[1] ?? '0';
  const avail = Number(st.trim());
  const size = Math.max(0, avail - leaveBytes);
  execFileSync('fallocate', ['-l', String(size), path.join(dir, 'isi-penuh.bin')]);
}
