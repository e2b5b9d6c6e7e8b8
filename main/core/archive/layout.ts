/**
 * The archive's layout: where every file of an archive folder lives.
 *
 * Owns: the path, relative to the archive folder and with `/` separators, of each kind of file
 * (`archive.json`, `events/<id>/event.json`, a recording's transcripts, quotes, media, peaks…),
 * the names the app gives its own temporary files (so leftovers of a killed write can be told from
 * everything else), and the reverse: which document a relative path is (`classify`), which is how
 * a write becomes a change event. Pure: no file access here — `store.ts` does that, and nothing
 * else builds an archive path by hand. Format and meaning of each file: docs/archive-format.md.
 */

/** An archive id (events, recordings, attachments, quotes, speakers): also a safe folder or file name. */
export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,94}[a-z0-9])?$/;

export const isId = (s: string): boolean => ID_PATTERN.test(s);

function id(s: string, what: string): string {
  if (!ID_PATTERN.test(s)) throw new TypeError(`not an archive ${what} id: ${JSON.stringify(s).slice(0, 120)}`);
  return s;
}

/** The folder of biometric data: voiceprints and cluster centroids (see `isVoiceprintPath`). */
export const VOICEPRINTS_DIR = 'voiceprints';

/** Folder of caches that belong to this computer, never the truth (search index, locks, change log). */
export const CACHE_DIR = '.risalah';

export const layout = {
  archiveJson: 'archive.json',
  eventsDir: 'events',
  cacheDir: CACHE_DIR,
  lockFile: `${CACHE_DIR}/lock`,
  changeLog: `${CACHE_DIR}/changes.jsonl`,
  searchIndex: `${CACHE_DIR}/search.sqlite`,

  eventDir: (eventId: string) => `events/${id(eventId, 'event')}`,
  eventJson: (eventId: string) => `events/${id(eventId, 'event')}/event.json`,
  quotes: (eventId: string) => `events/${id(eventId, 'event')}/quotes.json`,
  transcriptsDir: (eventId: string) => `events/${id(eventId, 'event')}/transcripts`,
  /** What Whisper produced (written once per run). */
  machineTranscript: (eventId: string, recordingId: string) =>
    `events/${id(eventId, 'event')}/transcripts/${id(recordingId, 'recording')}.machine.json`,
  /** The transcript people correct. */
  workingTranscript: (eventId: string, recordingId: string) =>
    `events/${id(eventId, 'event')}/transcripts/${id(recordingId, 'recording')}.json`,
  /** One fsynced line per finished segment while a transcription runs (its resume point). */
  journal: (eventId: string, recordingId: string) =>
    `events/${id(eventId, 'event')}/transcripts/${id(recordingId, 'recording')}.journal.jsonl`,
  /**
   * The last speaker diarization ("Kenali pembicara") of a recording: its state, turns and
   * clusters (no voice embeddings: those are under `voiceprints/`), and what it put on the
   * working transcript — so a later run can tell the user's own choices from its own.
   */
  diarization: (eventId: string, recordingId: string) =>
    `events/${id(eventId, 'event')}/transcripts/${id(recordingId, 'recording')}.diarization.json`,
  /** Waveform peaks: a cache, rebuilt from the original when missing. */
  peaks: (eventId: string, recordingId: string) => `events/${id(eventId, 'event')}/derived/${id(recordingId, 'recording')}.peaks`,
  mediaDir: (eventId: string) => `events/${id(eventId, 'event')}/media`,
  attachmentsDir: (eventId: string) => `events/${id(eventId, 'event')}/attachments`,
  /** A recording's original: `media/<recording id>-<safe name>`. */
  mediaFile: (eventId: string, recordingId: string, safeName: string) =>
    `events/${id(eventId, 'event')}/media/${id(recordingId, 'recording')}-${safeName}`,
  attachmentFile: (eventId: string, attachmentId: string, safeName: string) =>
    `events/${id(eventId, 'event')}/attachments/${id(attachmentId, 'attachment')}-${safeName}`,
  /**
   * A file an event record names (`recording.file`, `attachment.file`: relative to the event
   * folder). The store refuses anything that leaves the event folder; here only the shape is
   * checked (no absolute paths, no `..`, no backslashes).
   */
  eventFile: (eventId: string, relative: string) => {
    if (!isSafeRelative(relative)) throw new TypeError(`not a path inside the event: ${JSON.stringify(relative).slice(0, 200)}`);
    return `events/${id(eventId, 'event')}/${relative}`;
  },

  // ---- voiceprints: biometric personal data (UU 27/2022), kept apart ----------------------
  // Everything under `voiceprints/` is a voice embedding: a person's voiceprint, or the
  // centroids of a recording's speaker clusters. Tell them apart with `isVoiceprintPath`: a USB
  // export leaves them out unless the user chose them; nothing else may send them anywhere.
  voiceprintsDir: VOICEPRINTS_DIR,
  voiceprintPeopleDir: `${VOICEPRINTS_DIR}/people`,
  voiceprintEventsDir: `${VOICEPRINTS_DIR}/events`,
  /** A person's voiceprint and the consent it rests on (exists only once the person opted in). */
  personVoiceprint: (speakerId: string) => `${VOICEPRINTS_DIR}/people/${id(speakerId, 'speaker')}.json`,
  /** The folder of an event's cluster centroids. */
  eventVoicesDir: (eventId: string) => `${VOICEPRINTS_DIR}/events/${id(eventId, 'event')}`,
  /** The centroid of each speaker cluster of a recording's last diarization (for naming and suggestions). */
  recordingVoices: (eventId: string, recordingId: string) => `${VOICEPRINTS_DIR}/events/${id(eventId, 'event')}/${id(recordingId, 'recording')}.json`,
} as const;

/**
 * Is this archive path (relative, `/` separators) biometric data — a voiceprint or a recording's
 * cluster centroids? Such files never leave this computer unless the user explicitly chose them
 * (a USB export's "include voiceprints", with a warning); the search index never reads them.
 */
export function isVoiceprintPath(rel: string): boolean {
  return rel === VOICEPRINTS_DIR || rel.startsWith(`${VOICEPRINTS_DIR}/`);
}

/** A relative path of plain names: no empty, `.` or `..` parts, no backslash, colon or NUL. */
export function isSafeRelative(rel: string): boolean {
  if (!rel || rel.length > 1024 || rel.startsWith('/')) return false;
  // eslint-disable-next-line no-control-regex -- control characters are refused
  if (/[\\:\u0000-\u001f]/.test(rel)) return false;
  return rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** A file name that is safe on every file system a USB drive may carry (FAT, exFAT, NTFS, ext4). */
export function safeFileName(name: string, maxLength = 100): string {
  const base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC');
  const dot = base.lastIndexOf('.');
  const rawExt = dot > 0 ? base.slice(dot) : '';
  const cleanExt = rawExt.toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 10);
  const ext = cleanExt === '.' ? '' : cleanExt;
  const stem = base
    .slice(0, base.length - rawExt.length)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f<>:"/\\|?*\u007f]/g, '')
    .replace(/\s+/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, maxLength);
  return `${stem || 'berkas'}${ext}`;
}

// ---- temporary files ------------------------------------------------------------------------

/** `.<name>.<pid>.<hex>.tmp`: an atomic JSON write in progress (fs/atomic.ts). */
export const TEMP_WRITE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;
/** `.<name>.<hex>.part`: a copy of an original in progress (media, attachments). */
export const TEMP_COPY = /^\..+\.[0-9a-f]{8}\.part$/;
/** Is this file name one of the app's own temporary files (left behind by a killed write)? */
export const isTempName = (name: string): boolean => TEMP_WRITE.test(name) || TEMP_COPY.test(name);

// ---- classification -------------------------------------------------------------------------

/** What changed, in the terms the rest of the app cares about. */
export type ArchiveChange =
  | { kind: 'archive' }
  | { kind: 'event'; eventId: string }
  | { kind: 'quotes'; eventId: string }
  | { kind: 'transcript'; eventId: string; recordingId: string; which: 'working' | 'machine'; rev?: number }
  | { kind: 'diarization'; eventId: string; recordingId: string };

/**
 * The change a write to `rel` makes, or null for files nobody watches (journals, peaks, media,
 * voiceprints: biometric data is never announced, never indexed).
 */
export function classify(rel: string): ArchiveChange | null {
  if (rel === layout.archiveJson) return { kind: 'archive' };
  const m = /^events\/([^/]+)\/(.+)$/.exec(rel);
  if (!m || !isId(m[1] as string)) return null;
  const eventId = m[1] as string;
  const rest = m[2] as string;
  if (rest === 'event.json') return { kind: 'event', eventId };
  if (rest === 'quotes.json') return { kind: 'quotes', eventId };
  const d = /^transcripts\/([a-z0-9-]+)\.diarization\.json$/.exec(rest);
  if (d && isId(d[1] as string)) return { kind: 'diarization', eventId, recordingId: d[1] as string };
  const t = /^transcripts\/([a-z0-9-]+?)(\.machine)?\.json$/.exec(rest);
  if (t && isId(t[1] as string)) return { kind: 'transcript', eventId, recordingId: t[1] as string, which: t[2] ? 'machine' : 'working' };
  return null;
}
