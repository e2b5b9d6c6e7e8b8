/**
 * Global set-up of the hostile suite: a fresh figures file for the run, and the figures printed
 * last when every file has run.
 */
import os from 'node:os';
import path from 'node:path';
import { reset, summary, total } from './figures';

export default function setup(): () => void {
  const file = path.join(os.tmpdir(), `risalah-hostile-${process.pid}-${Date.now()}.jsonl`);
  process.env.RISALAH_HOSTILE_FIGURES = file;
  reset(file);
  return () => {
    const f = total(file);
    process.stdout.write(`\n[hostile] ${summary(f)}\n`);
    reset(file);
  };
}
