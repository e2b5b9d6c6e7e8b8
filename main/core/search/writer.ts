/**
 * Writing events into the search index.
 *
 * Owns: turning an event read from the archive (sources.ts) into index rows — the event's own
 * fields, each transcript segment and each quote, with the stems of their words — and removing
 * them again; the event keys (sorted by date); the fingerprints of the files each event was read
 * from; and which directory speakers each event's transcripts name (so renaming a person in the
 * directory re-indexes just those events). Synchronous: the caller owns transactions.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { EventField } from './types';
import { dayNumber, firstRowid, lastRowid, rowidOf, SEQ, SLOTS } from './schema';
import type { SourceEvent } from './sources';
import { stem } from './stemmer';
import { tokenize } from './text';

/** The stems of a text's words, as the stems column stores them. */
export function stemsOf(text: string): string {
  return tokenize(text).map(stem).join(' ');
}

interface StemCount {
  term: string;
  n: number;
  /** The last segment counted (a word is counted once per segment). */
  seen: number;
}

interface WordCount {
  stem: StemCount;
  n: number;
  seen: number;
}

/**
 * Changes to the vocabulary: in how many segments each word and each stem occur (+1 for a
 * segment added, -1 for one removed), and the totals of segments and words. Its map of words
 * also remembers each word's stem, so a build stems each distinct word once.
 */
class VocabDelta {
  readonly words = new Map<string, WordCount>();
  readonly stems = new Map<string, StemCount>();
  segments = 0;
  tokens = 0;
  private segment = 0;

  /** Count a segment's words; returns its stems, as the stems column stores them. */
  count(tokens: readonly string[], sign: 1 | -1): string {
    const seg = ++this.segment;
    this.segments += sign;
    this.tokens += sign * tokens.length;
    let out = '';
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as string;
      let w = this.words.get(t);
      if (!w) {
        const s = stem(t);
        let sc = this.stems.get(s);
        if (!sc) this.stems.set(s, (sc = { term: s, n: 0, seen: 0 }));
        this.words.set(t, (w = { stem: sc, n: 0, seen: 0 }));
      }
      if (w.seen !== seg) {
        w.seen = seg;
        w.n += sign;
      }
      const sc = w.stem;
      if (sc.seen !== seg) {
        sc.seen = seg;
        sc.n += sign;
      }
      out += i ? ` ${sc.term}` : sc.term;
    }
    return out;
  }

  get empty(): boolean {
    return this.segments === 0 && this.words.size === 0;
  }
}

/** The event's own searchable fields, in the order a metadata hit reports them. */
export function eventFields(src: SourceEvent): [EventField, string][] {
  const e = src.record;
  const a = e.agreement;
  const fields: [EventField, string][] = [
    ['title', e.title],
    ['venue', e.venue],
    ['platform', e.platform],
    ['organiser', e.organiser],
    ['description', e.description],
    ['tags', e.tags.join(', ')],
    ['agreement', a ? [a.title, a.scope].filter(Boolean).join(' — ') : ''],
    ['documentNumber', a?.documentNumber ?? ''],
    ['parties', (a?.parties ?? []).map((p) => [p.institution, p.signatory, p.role].filter(Boolean).join(', ')).join('; ')],
    ['recordings', e.recordings.map((r) => r.title).filter(Boolean).join('; ')],
  ];
  return fields.filter(([, v]) => v.trim().length > 0);
}

export class IndexWriter {
  private readonly db: DatabaseSync;
  private readonly s: Record<string, StatementSync>;
  /** Slots handed out during this writer's life (a build allocates without reading back). */
  private readonly nextSlot = new Map<number, number>();
  private delta = new VocabDelta();

  constructor(db: DatabaseSync) {
    this.db = db;
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      eventById: p('SELECT ekey FROM events WHERE id = ?'),
      maxKey: p('SELECT max(ekey) AS k FROM events WHERE ekey BETWEEN ? AND ?'),
      keysOfDay: p('SELECT ekey FROM events WHERE ekey BETWEEN ? AND ? ORDER BY ekey'),
      insEvent: p('INSERT INTO events (ekey, id, title, date, type, fields, nseg) VALUES (?, ?, ?, ?, ?, ?, 0)'),
      setNseg: p('UPDATE events SET nseg = ? WHERE ekey = ?'),
      insEventFts: p('INSERT INTO event_fts (rowid, title, body, stems, title_stems) VALUES (?, ?, ?, ?, ?)'),
      insSeg: p('INSERT INTO segments (id, recording_id, segment_id, start_sec, end_sec, speaker, text, ntok) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      segTexts: p('SELECT text FROM segments WHERE id BETWEEN ? AND ?'),
      upWord: p('INSERT INTO vocab (term, df, stem) VALUES (?, ?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df'),
      upStem: p('INSERT INTO stem_vocab (term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df'),
      dropWord: p('DELETE FROM vocab WHERE term = ? AND df <= 0'),
      dropStem: p('DELETE FROM stem_vocab WHERE term = ? AND df <= 0'),
      addCounter: p("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT) WHERE key = ?"),
      insSegFts: p('INSERT INTO seg_fts (rowid, text, stems, speaker) VALUES (?, ?, ?, ?)'),
      insQuote: p('INSERT INTO quotes (id, quote_id, recording_id, start_sec, end_sec, speaker, text) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insQuoteFts: p('INSERT INTO quote_fts (rowid, text, stems, speaker) VALUES (?, ?, ?, ?)'),
      insSource: p('INSERT INTO sources (event_id, path, fp) VALUES (?, ?, ?)'),
      insSpeaker: p('INSERT OR IGNORE INTO event_speakers (speaker_id, ekey) VALUES (?, ?)'),
      segIds: p('SELECT id FROM segments WHERE id BETWEEN ? AND ?'),
      quoteIds: p('SELECT id FROM quotes WHERE id BETWEEN ? AND ?'),
      delSegFts: p('DELETE FROM seg_fts WHERE rowid = ?'),
      delQuoteFts: p('DELETE FROM quote_fts WHERE rowid = ?'),
      delSegs: p('DELETE FROM segments WHERE id BETWEEN ? AND ?'),
      delQuotes: p('DELETE FROM quotes WHERE id BETWEEN ? AND ?'),
      delEventFts: p('DELETE FROM event_fts WHERE rowid = ?'),
      delEvent: p('DELETE FROM events WHERE ekey = ?'),
      delSources: p('DELETE FROM sources WHERE event_id = ?'),
      delSpeakers: p('DELETE FROM event_speakers WHERE ekey = ?'),
    };
    for (const st of [this.s.segIds, this.s.quoteIds, this.s.segTexts] as StatementSync[]) st.setReturnArrays(true);
  }

  private st(name: string): StatementSync {
    return this.s[name] as StatementSync;
  }

  /** Remove an event's rows (and count them out of the vocabulary); false when it was not in the index. */
  removeEvent(eventId: string): boolean {
    const removed = this.removeRows(eventId);
    this.flush();
    return removed;
  }

  private removeRows(eventId: string): boolean {
    const row = this.st('eventById').get(eventId) as { ekey: number } | undefined;
    this.st('delSources').run(eventId);
    if (!row) return false;
    const ekey = row.ekey;
    const lo = firstRowid(ekey);
    const hi = lastRowid(ekey);
    for (const [text] of this.st('segTexts').all(lo, hi) as unknown as [string][]) {
      const tokens = tokenize(text);
      this.delta.count(tokens, -1);
    }
    for (const [id] of this.st('segIds').all(lo, hi) as unknown as [number][]) this.st('delSegFts').run(id);
    for (const [id] of this.st('quoteIds').all(lo, hi) as unknown as [number][]) this.st('delQuoteFts').run(id);
    this.st('delSegs').run(lo, hi);
    this.st('delQuotes').run(lo, hi);
    this.st('delEventFts').run(ekey);
    this.st('delEvent').run(ekey);
    this.st('delSpeakers').run(ekey);
    return true;
  }

  /** A free key on the event's day. During a build (`fresh`) slots are counted here, not read back. */
  private allocate(date: string, fresh: boolean): number {
    const day = dayNumber(date);
    const first = day * SLOTS;
    let slot = fresh ? this.nextSlot.get(day) : undefined;
    if (slot === undefined) {
      const max = (this.st('maxKey').get(first, first + SLOTS - 1) as { k: number | null }).k;
      slot = max === null ? 0 : max - first + 1;
    }
    if (slot >= SLOTS) {
      // The day's slots ran out at the end: look for a gap left by removed events.
      const used = new Set((this.st('keysOfDay').all(first, first + SLOTS - 1) as { ekey: number }[]).map((r) => r.ekey - first));
      slot = 0;
      while (slot < SLOTS && used.has(slot)) slot++;
      if (slot >= SLOTS) throw new Error(`more than ${SLOTS} events on ${date}`);
    }
    if (fresh) this.nextSlot.set(day, slot + 1);
    return first + slot;
  }

  /**
   * Put an event, replacing what the index had for it (it keeps its key while its date stays).
   * `fresh`: the index is being built from nothing, so there is nothing to remove.
   */
  putEvent(src: SourceEvent, fresh = false): { segments: number; quotes: number } {
    const e = src.record;
    let ekey: number | null = null;
    if (!fresh) {
      const old = this.st('eventById').get(e.id) as { ekey: number } | undefined;
      if (old && Math.floor(old.ekey / SLOTS) === dayNumber(e.date)) ekey = old.ekey;
      this.removeRows(e.id);
    }
    ekey ??= this.allocate(e.date, fresh);
    const fields = eventFields(src);
    const title = e.title;
    const body = fields.filter(([k]) => k !== 'title').map(([, v]) => v).join('\n');
    this.st('insEvent').run(ekey, e.id, e.title, e.date, e.type, JSON.stringify(fields));
    this.st('insEventFts').run(ekey, title, body, stemsOf(`${title}\n${body}`), stemsOf(title));

    let seq = 0;
    const speakerIds = new Set<string>();
    const insSeg = this.st('insSeg');
    const insSegFts = this.st('insSegFts');
    for (const t of src.transcripts) {
      for (const seg of t.segments) {
        if (!seg.text.trim()) continue;
        if (seq >= SEQ) break;
        const id = BigInt(rowidOf(ekey, seq++));
        const tokens = tokenize(seg.text);
        const stems = this.delta.count(tokens, 1);
        insSeg.run(id, t.recordingId, seg.id, seg.start, seg.end, seg.speaker, seg.text, tokens.length);
        insSegFts.run(id, seg.text, stems, seg.speaker);
        if (seg.speakerId) speakerIds.add(seg.speakerId);
      }
    }
    const segments = seq;
    this.st('setNseg').run(segments, ekey);
    let q = 0;
    for (const quote of src.quotes) {
      if (!quote.text.trim() || q >= SEQ) continue;
      const id = BigInt(rowidOf(ekey, q++));
      this.st('insQuote').run(id, quote.id, quote.recordingId, quote.start, quote.end, quote.speakerName, quote.text);
      this.st('insQuoteFts').run(id, quote.text, stemsOf(quote.text), quote.speakerName);
      if (quote.speakerId) speakerIds.add(quote.speakerId);
    }
    for (const id of speakerIds) this.st('insSpeaker').run(id, ekey);
    for (const [p, fp] of src.fingerprints) this.st('insSource').run(e.id, p, fp);
    if (!fresh) this.flush();
    return { segments, quotes: q };
  }

  /**
   * Write the vocabulary changes counted so far (inside the caller's transaction). A build
   * calls it once at the end; single events are flushed as they are written.
   */
  flush(): void {
    const d = this.delta;
    if (d.empty) return;
    this.delta = new VocabDelta();
    const [upWord, dropWord, upStem, dropStem] = ['upWord', 'dropWord', 'upStem', 'dropStem'].map((k) => this.st(k)) as [StatementSync, StatementSync, StatementSync, StatementSync];
    for (const [term, w] of d.words) {
      if (w.n === 0) continue;
      upWord.run(term, w.n, w.stem.term);
      if (w.n < 0) dropWord.run(term);
    }
    for (const [term, sc] of d.stems) {
      if (sc.n === 0) continue;
      upStem.run(term, sc.n);
      if (sc.n < 0) dropStem.run(term);
    }
    this.st('addCounter').run(d.segments, 'segments');
    this.st('addCounter').run(d.tokens, 'tokens');
  }
}

/** Fingerprints the index has, by event. */
export function storedFingerprints(db: DatabaseSync): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const row of db.prepare('SELECT event_id, path, fp FROM sources').all() as { event_id: string; path: string; fp: string }[]) {
    let m = out.get(row.event_id);
    if (!m) out.set(row.event_id, (m = new Map()));
    m.set(row.path, row.fp);
  }
  return out;
}

/** Ids of the events in the index. */
export function indexedEventIds(db: DatabaseSync): string[] {
  return (db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id);
}

