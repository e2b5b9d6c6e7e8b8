/**
 * The transcription journal: every finished segment on disk the moment it arrives.
 *
 * Owns: `transcripts/<recording>.journal.jsonl` — a header line that identifies the job (model,
 * language, prompt, VAD settings: resuming under other settings would mix two transcripts), then
 * one line per segment, each appended and fdatasync'ed before the next is taken. After a crash or
 * `kill -9` the job reopens the journal, keeps every complete line (a torn last line is
 * dropped), and resumes from the end of the last segment, so nothing finished is computed again.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TranscriptSegment } from '../../api/schemas';
import { asDiskFull, mkdirDurable, syncDir } from '../fs/atomic';

export interface JournalHeader {
  type: 'header';
  /** Identifies the settings; a journal with another key is discarded. */
  key: string;
  createdAt: string;
  /** Free-form facts kept for the final transcript (model, language…). */
  meta: Record<string, unknown>;
}

/** What the journal stores per segment: the segment, plus the window it came from. */
export interface JournalSegment extends TranscriptSegment {
  /** Language Whisper used for the window. */
  language: string;
}

interface SegmentLine {
  type: 'segment';
  segment: JournalSegment;
}
interface RestartLine {
  type: 'restart';
  at: string;
  reason: string;
}
type Line = JournalHeader | SegmentLine | RestartLine;

export interface OpenedJournal {
  journal: Journal;
  header: JournalHeader;
  segments: JournalSegment[];
  restarts: number;
  /** Where to continue: the end of the last journaled segment (0 when new). */
  resumeFromSec: number;
  /** True when earlier work was found and kept. */
  resumed: boolean;
}

export class Journal {
  private constructor(
    readonly file: string,
    private handle: fs.FileHandle,
  ) {}

  /** Open the journal for `key`, keeping what an earlier run of the same job finished. */
  static async open(file: string, key: string, meta: Record<string, unknown> = {}): Promise<OpenedJournal> {
    await mkdirDurable(path.dirname(file));
    const existing = await readLines(file);
    const first = existing[0];
    if (first?.type === 'header' && first.key === key) {
      // Rewrite without a torn tail, so later appends start on a clean line.
      const text = await fs.readFile(file, 'utf8');
      const clean = text.slice(0, text.lastIndexOf('\n') + 1);
      if (clean.length !== text.length) await fs.truncate(file, Buffer.byteLength(clean));
      const handle = await fs.open(file, 'a');
      const segments = existing.filter((l): l is SegmentLine => l.type === 'segment').map((l) => l.segment);
      const restarts = existing.filter((l) => l.type === 'restart').length;
      return {
        journal: new Journal(file, handle),
        header: first,
        segments,
        restarts,
        resumeFromSec: segments.reduce((m, s) => Math.max(m, s.end), 0),
        resumed: segments.length > 0,
      };
    }
    const header: JournalHeader = { type: 'header', key, createdAt: new Date().toISOString(), meta };
    const handle = await fs.open(file, 'w');
    const journal = new Journal(file, handle);
    try {
      await journal.write(header);
    } catch (e) {
      await journal.remove(); // a journal without its header would be thrown away anyway
      throw e;
    }
    await syncDir(path.dirname(file));
    return { journal, header, segments: [], restarts: 0, resumeFromSec: 0, resumed: false };
  }

  async append(segment: JournalSegment): Promise<void> {
    await this.write({ type: 'segment', segment });
  }

  async noteRestart(reason: string): Promise<void> {
    await this.write({ type: 'restart', at: new Date().toISOString(), reason });
  }

  private async write(line: Line): Promise<void> {
    try {
      await this.handle.write(`${JSON.stringify(line)}\n`);
      await this.handle.datasync();
    } catch (e) {
      throw asDiskFull(e, this.file) ?? e;
    }
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }

  /** Close and delete (the job finished and its transcript is written). */
  async remove(): Promise<void> {
    await this.close();
    await fs.rm(this.file, { force: true });
  }
}

async function readLines(file: string): Promise<Line[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return [];
  }
  const out: Line[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    try {
      out.push(JSON.parse(raw) as Line);
    } catch {
      break; // a torn line: everything after it is unreliable
    }
  }
  return out;
}
