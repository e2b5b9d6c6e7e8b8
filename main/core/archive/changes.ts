/**
 * Change events of an archive, within a process and across processes.
 *
 * Owns: telling subscribers (the search index, the push bus of the UIs) that a document of the
 * archive changed — the archive's own writes as they happen, and writes by any other process on
 * the same folder (the CLI beside the app, a second window of `risalah serve`). Every write made
 * through the store appends one line `{ "p": "<writer>", "c": <change> }` to `.risalah/changes.jsonl`
 * while it holds the archive lock; a process that watches the log (hosts do, one-shot CLI commands
 * do not) reads what others appended since it last looked, polling its size twice a second. The
 * log is a cache: it is emptied when it grows past LOG_MAX_BYTES, and a reader that finds it
 * shorter than it was, or unreadable, announces that anything may have changed (`{ kind: 'all' }`).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { isId, type ArchiveChange } from './layout';

export type ChangeEvent = (ArchiveChange | { kind: 'all' }) & {
  /** `local`: this process wrote it; `other`: another process did. */
  origin: 'local' | 'other';
};
export type ChangeListener = (change: ChangeEvent) => void;

const LOG_MAX_BYTES = 256 * 1024;
const POLL_MS = 500;

export class ChangeFeed {
  /** Names this process in the log, so it does not announce its own writes twice. */
  readonly writer = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly listeners = new Set<ChangeListener>();
  private offset = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly logFile: string) {}

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: ChangeEvent): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (e) {
        console.error('archive change listener failed', e);
      }
    }
  }

  /** Record a write of this process (call while holding the archive lock). Never fails the write. */
  async record(change: ArchiveChange): Promise<void> {
    try {
      const st = await fs.stat(this.logFile).catch(() => null);
      if (st && st.size > LOG_MAX_BYTES) await fs.writeFile(this.logFile, '');
      await fs.appendFile(this.logFile, `${JSON.stringify({ p: this.writer, c: change })}\n`);
    } catch {
      // The log is a cache (a read-only or full disk must not fail the write it describes).
    }
    this.emit({ ...change, origin: 'local' });
  }

  /** Start following other processes' writes (hosts that stay open). */
  async watch(): Promise<void> {
    if (this.timer) return;
    this.offset = (await fs.stat(this.logFile).catch(() => null))?.size ?? 0;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  /** Read what others appended since the last look (also called by tests to skip the wait). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const st = await fs.stat(this.logFile).catch(() => null);
      const size = st?.size ?? 0;
      if (size < this.offset) {
        this.offset = 0;
        this.emit({ kind: 'all', origin: 'other' });
      }
      if (size <= this.offset) return;
      const handle = await fs.open(this.logFile, 'r');
      let text: string;
      try {
        const buf = Buffer.alloc(Math.min(size - this.offset, LOG_MAX_BYTES * 2));
        const { bytesRead } = await handle.read(buf, 0, buf.length, this.offset);
        text = buf.subarray(0, bytesRead).toString('utf8');
      } finally {
        await handle.close();
      }
      const complete = text.lastIndexOf('\n') + 1; // a line still being appended waits for the next poll
      this.offset += Buffer.byteLength(text.slice(0, complete));
      for (const line of text.slice(0, complete).split('\n')) {
        if (!line) continue;
        try {
          const entry = JSON.parse(line) as { p?: unknown; c?: ArchiveChange };
          if (entry.p === this.writer || !entry.c || typeof entry.c.kind !== 'string') continue;
          this.emit({ ...sanitise(entry.c), origin: 'other' });
        } catch {
          this.emit({ kind: 'all', origin: 'other' });
        }
      }
    } catch {
      this.emit({ kind: 'all', origin: 'other' });
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}



/** The log is on disk: untrusted. Only well-formed changes pass; anything else means "all". */
function sanitise(c: ArchiveChange): ArchiveChange | { kind: 'all' } {
  const ok = (v: unknown) => typeof v === 'string' && isId(v);
  switch (c.kind) {
    case 'archive':
      return { kind: 'archive' };
    case 'event':
    case 'quotes':
      return ok(c.eventId) ? { kind: c.kind, eventId: c.eventId } : { kind: 'all' };
    case 'transcript':
      return ok(c.eventId) && ok(c.recordingId)
        ? {
            kind: 'transcript',
            eventId: c.eventId,
            recordingId: c.recordingId,
            which: c.which === 'machine' ? 'machine' : 'working',
            ...(Number.isInteger(c.rev) ? { rev: c.rev as number } : {}),
          }
        : { kind: 'all' };
    case 'diarization':
      return ok(c.eventId) && ok(c.recordingId) ? { kind: 'diarization', eventId: c.eventId, recordingId: c.recordingId } : { kind: 'all' };
    default:
      return { kind: 'all' };
  }
}
