/**
 * A lowdb adapter for archive JSON files that are durable and recoverable.
 *
 * Owns: reading a JSON document of the archive (`archive.json`, `events/<id>/event.json`…) and
 * writing it atomically (see fs/atomic.ts). lowdb's own JSONFile renames but never fsyncs, so a
 * power cut can leave an empty file; this adapter fsyncs and keeps `<file>.bak`.
 *
 * When a file does not parse (half-written by another tool, damaged on a USB drive), `read()`
 * does not throw the archive away: it moves the damaged file aside as
 * `<file>.damaged-<timestamp>`, restores the last good copy from `<file>.bak` when there is one,
 * and reports what happened through `onProblem`.
 */
import { promises as fs } from 'node:fs';
import type { Adapter } from 'lowdb';
import { writeFileAtomic } from '../fs/atomic';

export type JsonFileProblem = 'RESTORED_FROM_BACKUP' | 'DAMAGED_JSON';

export class DurableJsonFile<T> implements Adapter<T> {
  readonly file: string;
  private readonly onProblem: (problem: JsonFileProblem) => void;

  constructor(file: string, onProblem: (problem: JsonFileProblem) => void = () => undefined) {
    this.file = file;
    this.onProblem = onProblem;
  }

  async read(): Promise<T | null> {
    const text = await readIfExists(this.file);
    if (text === null) return null;
    const parsed = tryParse<T>(text);
    if (parsed.ok) return parsed.value;

    // Damaged. Keep it for inspection and fall back to the last good copy.
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await fs.rename(this.file, `${this.file}.damaged-${stamp}`);
    const backup = await readIfExists(`${this.file}.bak`);
    const restored = backup === null ? null : tryParse<T>(backup);
    if (restored?.ok) {
      await writeFileAtomic(this.file, backup as string, { backup: false });
      this.onProblem('RESTORED_FROM_BACKUP');
      return restored.value;
    }
    this.onProblem('DAMAGED_JSON');
    return null;
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
  }
}

/** Read and parse a JSON file: null when it does not exist; throws when it does not parse. */
export async function readJsonFile<T>(file: string): Promise<T | null> {
  const text = await readIfExists(file);
  return text === null ? null : (JSON.parse(text) as T);
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function tryParse<T>(text: string): { ok: true; value: T } | { ok: false } {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object') return { ok: false };
    return { ok: true, value: value as T };
  } catch {
    return { ok: false };
  }
}
