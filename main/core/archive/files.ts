/**
 * Bringing files into an event folder: recordings (through ffmpeg) and attachments.
 *
 * Owns: the import of a recording — inspect (a file that is not media, is empty or has no audio
 * is refused here, before anything is written), hash, de-duplicate within the event, analyse
 * (exact duration, waveform peaks, TRUNCATED…), copy the untouched original into
 * `events/<id>/media/` (temporary name, fsync, rename) and record it in event.json — and the
 * same, minus the media steps, for attachments (photos, the agreement PDF). Waveform peaks are a
 * cache under `events/<id>/derived/`, rebuilt from the original when missing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type {
  AttachmentKind,
  AttachmentRecord,
  EventRecord,
  MediaWarning,
  RecordingLanguage,
  RecordingRecord,
} from '../../api/schemas';
import { RisalahError } from '../errors';
import { syncDir, writeFileAtomic, mkdirDurable } from '../fs/atomic';
import { analyzeMedia, decodePeaks, encodePeaks, inspectMedia, type FfmpegTools, type MediaAnalysis } from '../media';
import type { Archive } from './archive';

type Ff = Pick<FfmpegTools, 'ffmpeg' | 'ffprobe'>;

export interface ImportOptions {
  /** The name the file had for the user (uploads arrive under a temporary name). */
  originalName?: string;
  language?: RecordingLanguage;
  signal?: AbortSignal;
  /** Stage (`probe`, `hash`, `analyze`, `copy`) and the fraction of the whole import, 0..1. */
  onProgress?: (stage: string, fraction: number | null) => void;
}

export interface ImportResult {
  recording: RecordingRecord;
  /** The same bytes were already in this event: nothing was stored again. */
  duplicate: boolean;
  event: EventRecord;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
function fileId(prefix: string): string {
  let s = '';
  for (const b of randomBytes(8)) s += ALPHABET[b % ALPHABET.length];
  return `${prefix}-${s}`;
}

/** A file name that is safe on every file system a USB drive may carry (FAT, exFAT, NTFS, ext4). */
export function safeFileName(name: string, maxLength = 100): string {
  const base = path.basename(name).normalize('NFC');
  const cleanExt = path.extname(base).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 10);
  const ext = cleanExt === '.' ? '' : cleanExt;
  const stem = base
    .slice(0, base.length - path.extname(base).length)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f<>:"/\\|?*\u007f]/g, '')
    .replace(/\s+/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, maxLength);
  return `${stem || 'berkas'}${ext}`;
}

function checkAborted(signal: AbortSignal | undefined, file: string): void {
  if (signal?.aborted) throw new RisalahError('CANCELLED', `cancelled: ${file}`, { file });
}

/** SHA-256 of a file, streaming. */
export async function hashFile(file: string, onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = createReadStream(file, signal ? { signal, highWaterMark: 1 << 20 } : { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      onBytes?.(bytes);
    }
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw new RisalahError('CANCELLED', `cancelled: ${file}`, { file: path.basename(file) });
    throw e;
  }
  return hash.digest('hex');
}

/**
 * Copy `source` to `target` durably (temporary name in the same folder, fsync, rename) and
 * return the SHA-256 of what was written — so the copy is checked against the hash taken earlier.
 */
async function copyDurably(source: string, target: string, onBytes: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  const dir = path.dirname(target);
  const part = path.join(dir, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source, { highWaterMark: 1 << 20 }), tap, createWriteStream(part, { flags: 'wx' }), signal ? { signal } : {});
    const handle = await fs.open(part, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(part, target);
    await syncDir(dir);
  } catch (e) {
    await fs.rm(part, { force: true });
    if ((e as Error).name === 'AbortError') throw new RisalahError('CANCELLED', `cancelled: ${source}`, { file: path.basename(source) });
    throw e;
  }
  return hash.digest('hex');
}

function toApiWarnings(analysis: MediaAnalysis): MediaWarning[] {
  return analysis.warnings.map((w): MediaWarning => {
    switch (w.code) {
      case 'TRUNCATED':
        return { code: 'TRUNCATED', decodedSec: w.decodedSec, ...(w.expectedSec !== undefined ? { expectedSec: w.expectedSec } : {}), ...(w.detail ? { detail: w.detail } : {}) };
      case 'DURATION_MISMATCH':
        return { code: 'DURATION_MISMATCH', decodedSec: w.decodedSec, expectedSec: w.expectedSec };
      case 'DECODE_ERRORS':
        return { code: 'DECODE_ERRORS', count: w.count, ...(w.lines[0] ? { detail: w.lines[0] } : {}) };
    }
  });
}

export function peaksFile(archive: Archive, eventId: string, recordingId: string): string {
  return archive.resolveEventPath(eventId, `derived/${recordingId}.peaks`);
}

/** Import one recording into an event. See the module header for the steps. */
export async function importRecording(
  archive: Archive,
  ff: Ff,
  eventId: string,
  source: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { signal } = options;
  const originalName = path.basename(options.originalName ?? source);
  const progress = options.onProgress ?? (() => undefined);
  await archive.getEvent(eventId); // NOT_FOUND before any work

  progress('probe', 0);
  const inspection = await inspectMedia(source, ff, signal ? { signal } : {}).catch((e: unknown) => {
    // Errors name the file the user chose, not a temporary upload name.
    if (e instanceof RisalahError && 'file' in e.params) e.params.file = originalName;
    throw e;
  });
  const size = inspection.sizeBytes;

  progress('hash', 0.02);
  const sha256 = await hashFile(source, (b) => progress('hash', 0.02 + 0.08 * (b / Math.max(1, size))), signal);
  const existing = (await archive.getEvent(eventId)).recordings.find((r) => r.sha256 === sha256);
  if (existing) {
    progress('done', 1);
    return { recording: existing, duplicate: true, event: await archive.getEvent(eventId) };
  }

  progress('analyze', 0.1);
  const analysis = await analyzeMedia(source, ff, {
    probe: inspection,
    ...(signal ? { signal } : {}),
    onProgress: (fraction) => progress('analyze', fraction === undefined ? null : 0.1 + 0.75 * fraction),
  }).catch((e: unknown) => {
    if (e instanceof RisalahError && 'file' in e.params) e.params.file = originalName;
    throw e;
  });
  checkAborted(signal, originalName);

  const id = fileId('rec');
  const relative = `media/${id}-${safeFileName(originalName)}`;
  const target = archive.resolveEventPath(eventId, relative);
  const peaksTarget = peaksFile(archive, eventId, id);
  const created: string[] = [];
  try {
    await mkdirDurable(path.dirname(target));
    progress('copy', 0.85);
    created.push(target);
    const copied = await copyDurably(source, target, (b) => progress('copy', 0.85 + 0.13 * (b / Math.max(1, size))), signal);
    if (copied !== sha256) {
      throw new RisalahError('FILE_UNREADABLE', `${originalName} changed while it was being imported`, { file: originalName });
    }
    await fs.chmod(target, 0o444).catch(() => undefined); // originals are never modified
    await mkdirDurable(path.dirname(peaksTarget));
    created.push(peaksTarget);
    await writeFileAtomic(peaksTarget, encodePeaks(analysis.peaks), { backup: false });

    const probe = analysis.probe;
    const recording: RecordingRecord = {
      id,
      originalName,
      file: relative,
      sha256,
      sizeBytes: size,
      durationSec: Math.round(analysis.decodedDurationSec * 1000) / 1000,
      container: probe.formatName,
      codec: probe.audio.codec,
      sampleRate: probe.audio.sampleRate,
      channels: probe.audio.channels,
      hasVideo: Boolean(probe.video),
      title: '',
      language: options.language ?? archive.document.settings.defaultLanguage,
      warnings: toApiWarnings(analysis),
      importedAt: new Date().toISOString(),
    };
    let duplicateOf: RecordingRecord | undefined;
    const event = await archive.mutateEvent(eventId, (ev) => {
      duplicateOf = ev.recordings.find((r) => r.sha256 === sha256);
      if (duplicateOf) return ev; // imported meanwhile by another window
      return { ...ev, recordings: [...ev.recordings, recording] };
    });
    if (duplicateOf) {
      await removeQuietly(created);
      return { recording: duplicateOf, duplicate: true, event };
    }
    progress('done', 1);
    return { recording, duplicate: false, event };
  } catch (e) {
    await removeQuietly(created);
    throw e;
  }
}

async function removeQuietly(files: string[]): Promise<void> {
  for (const f of files) {
    await fs.chmod(f, 0o644).catch(() => undefined);
    await fs.rm(f, { force: true }).catch(() => undefined);
  }
}

/** Overview of a recording's waveform in `buckets` min/max pairs, from the peaks cache. */
export async function waveformOverview(
  archive: Archive,
  ff: Ff,
  eventId: string,
  recordingId: string,
  buckets: number,
): Promise<{ durationSec: number; min: number[]; max: number[] }> {
  const event = await archive.getEvent(eventId);
  const rec = event.recordings.find((r) => r.id === recordingId);
  if (!rec) throw new RisalahError('NOT_FOUND', `no recording ${recordingId}`, { id: recordingId });
  const file = peaksFile(archive, eventId, recordingId);
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch {
    // The cache was deleted (or never made): rebuild it from the original.
    const analysis = await analyzeMedia(archive.resolveEventPath(eventId, rec.file), ff);
    data = encodePeaks(analysis.peaks);
    await mkdirDurable(path.dirname(file));
    await writeFileAtomic(file, data, { backup: false });
  }
  const peaks = decodePeaks(data);
  const n = Math.max(1, Math.min(buckets, peaks.length));
  const min: number[] = new Array<number>(n).fill(0);
  const max: number[] = new Array<number>(n).fill(0);
  for (let b = 0; b < n; b++) {
    const from = Math.floor((b * peaks.length) / n);
    const to = Math.max(from + 1, Math.floor(((b + 1) * peaks.length) / n));
    let lo = 127;
    let hi = -128;
    for (let i = from; i < to && i < peaks.length; i++) {
      lo = Math.min(lo, peaks.data[2 * i] as number);
      hi = Math.max(hi, peaks.data[2 * i + 1] as number);
    }
    min[b] = lo / 128;
    max[b] = hi / 128;
  }
  return { durationSec: rec.durationSec, min, max };
}

// ---- attachments ----------------------------------------------------------------------------

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.heic': 'image/heic',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.txt': 'text/plain',
};

export function mimeOf(name: string): string {
  return MIME[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

function kindOf(mime: string): AttachmentKind {
  if (mime.startsWith('image/')) return 'photo';
  if (mime === 'application/octet-stream') return 'other';
  return 'document';
}

/** Add a photo, the signed agreement PDF or another document to an event. */
export async function addAttachment(
  archive: Archive,
  eventId: string,
  source: string,
  options: { originalName?: string; caption?: string; signal?: AbortSignal } = {},
): Promise<{ attachment: AttachmentRecord; duplicate: boolean; event: EventRecord }> {
  const originalName = path.basename(options.originalName ?? source);
  await archive.getEvent(eventId);
  const stat = await fs.stat(source).catch(() => null);
  if (!stat?.isFile()) throw new RisalahError('FILE_UNREADABLE', `cannot read ${source}`, { file: originalName });
  if (stat.size === 0) throw new RisalahError('MEDIA_EMPTY', `${originalName} is empty`, { file: originalName });
  const sha256 = await hashFile(source, undefined, options.signal);
  const existing = (await archive.getEvent(eventId)).attachments.find((a) => a.sha256 === sha256);
  if (existing) return { attachment: existing, duplicate: true, event: await archive.getEvent(eventId) };

  const id = fileId('att');
  const relative = `attachments/${id}-${safeFileName(originalName)}`;
  const target = archive.resolveEventPath(eventId, relative);
  await mkdirDurable(path.dirname(target));
  try {
    const copied = await copyDurably(source, target, () => undefined, options.signal);
    if (copied !== sha256) throw new RisalahError('FILE_UNREADABLE', `${originalName} changed while it was being added`, { file: originalName });
    await fs.chmod(target, 0o444).catch(() => undefined);
    const mime = mimeOf(originalName);
    const attachment: AttachmentRecord = {
      id,
      originalName,
      file: relative,
      sha256,
      sizeBytes: stat.size,
      mime,
      kind: kindOf(mime),
      caption: options.caption ?? '',
      addedAt: new Date().toISOString(),
    };
    const event = await archive.mutateEvent(eventId, (ev) => ({ ...ev, attachments: [...ev.attachments, attachment] }));
    return { attachment, duplicate: false, event };
  } catch (e) {
    await removeQuietly([target]);
    throw e;
  }
}
