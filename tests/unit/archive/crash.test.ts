/**
 * kill -9 during a burst of edits: every JSON file stays parseable and no acknowledged edit is lost.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../../main/core/archive/archive';
import { bundleDriver } from '../../helpers/run-ts';
import { tempDir } from '../../helpers/tmp';

let driver: string;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  driver = await bundleDriver('tests/drivers/edit-burst.ts');
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFiles(full));
    else if (/\.json(\.bak)?$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe('a crash during edits', () => {
  for (const delayMs of [150, 400, 900]) {
    it(`after ~${delayMs} ms of edits leaves every file parseable and keeps every acknowledged edit`, async () => {
      const dir = path.join(tmp.dir, `arsip-${delayMs}`);
      const archive = await Archive.open(dir);
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await archive.createEvent({ title: `Acara ${i}`, date: '2025-01-01', type: 'rapat' })).id);

      const child = spawn(process.execPath, [driver, dir, ...ids], { stdio: ['ignore', 'pipe', 'pipe'] });
      const acked = new Map<string, number>();
      let buffer = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          buffer += d;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
            const m = /^ack (\S+) (\d+)$/.exec(line);
            if (m) acked.set(m[1] as string, Number(m[2]));
          }
        });
        child.once('exit', () => resolve());
        child.once('error', reject);
      });
      expect(child.signalCode, stderr).toBe('SIGKILL');
      const total = [...acked.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(8); // the burst really ran

      for (const file of jsonFiles(dir)) {
        expect(() => JSON.parse(readFileSync(file, 'utf8')), file).not.toThrow();
      }
      const reopened = await Archive.open(dir);
      expect(reopened.problems).toEqual([]);
      for (const id of ids) {
        const ev = await reopened.getEvent(id);
        const stored = Number(/^edit (\d+)$/.exec(ev.description)?.[1] ?? 0);
        expect(stored, id).toBeGreaterThanOrEqual(acked.get(id) ?? 0);
        expect(stored, id).toBeLessThanOrEqual((acked.get(id) ?? 0) + 1); // at most the one in flight
      }
    });
  }
});
