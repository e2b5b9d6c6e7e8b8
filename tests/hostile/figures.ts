/**
 * The hostile suite's figures: each test file adds what it tried and what held, and the suite's
 * global teardown (tests/hostile/setup.ts) prints them last, as one line:
 *   kills 200 survived 200 lost 0; hostile inputs 412 refused 412 changed 0; disk-full 30 clean 30
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figures {
  kills: number;
  survived: number;
  lost: number;
  inputs: number;
  refused: number;
  changed: number;
  diskFull: number;
  clean: number;
}

const EMPTY: Figures = { kills: 0, survived: 0, lost: 0, inputs: 0, refused: 0, changed: 0, diskFull: 0, clean: 0 };

/** Where this run's figures collect (set by the global setup; a private default otherwise). */
export function figuresFile(): string {
  return process.env.RISALAH_HOSTILE_FIGURES ?? path.join(os.tmpdir(), `risalah-hostile-${process.ppid}.jsonl`);
}

export function record(part: Partial<Figures>): void {
  appendFileSync(figuresFile(), `${JSON.stringify(part)}\n`);
}

export function total(file = figuresFile()): Figures {
  const sum = { ...EMPTY };
  if (!existsSync(file)) return sum;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const part = JSON.parse(line) as Partial<Figures>;
    for (const k of Object.keys(sum) as (keyof Figures)[]) sum[k] += part[k] ?? 0;
  }
  return sum;
}

export function summary(f: Figures): string {
  return `kills ${f.kills} survived ${f.survived} lost ${f.lost}; hostile inputs ${f.inputs} refused ${f.refused} changed ${f.changed}; disk-full ${f.diskFull} clean ${f.clean}`;
}

export function reset(file = figuresFile()): void {
  rmSync(file, { force: true });
}

/** How hard to try: `npm run test:hostile` sets RISALAH_HOSTILE=long; `npm test` runs the short form. */
export const LONG = process.env.RISALAH_HOSTILE === 'long';
