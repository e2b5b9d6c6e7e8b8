/**
 * Bringing files into an event folder: recordings (through ffmpeg) and attachments.
 *
 * Owns: the import of a recording — inspect (a file that is not media, is empty or has no audio
 * is refused here, before anything is written), hash, de-duplicate within the event, analyse
 * (exact duration, waveform peaks, TRUNCATED…), copy the untouched original into
 * `events/<id>/media/` (temporary name, fsync, rename) and record it in event.json — and the
 * same, minus the media steps, for attachments (photos, the agreement PDF). Waveform peaks are a
 * cache under `events/<id>/derived/`, rebuilt from the original when missing. Paths come from
 * layout.ts and every file access goes through the archive's store.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type {
  AttachmentRecord,
  AttachmentsAdded,
  EventRecord,
  MediaWarning,
  RecordingLanguage,
  RecordingRecord,
} from '../../api/schemas';
import { RisalahError } from '../errors';
import { hashFile } from '../fs/copy';
import { analyzeMedia, decodePeaks, encodePeaks, inspectMedia, type FfmpegTools, type MediaAnalysis } from '../media';
import type { Archive } from './archive';
import { kindOf, mimeOf, refusePrograms } from './file-types';
import { layout, safeFileName } from './layout';

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

function checkAborted(signal: AbortSignal | undefined, file: string): void {
  if (signal?.aborted) throw new RisalahError('CANCELLED', `cancelled: ${file}`, { file });
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
  const target = layout.mediaFile(eventId, id, safeFileName(originalName));
  const relative = target.slice(layout.eventDir(eventId).length + 1);
  const peaksTarget = layout.peaks(eventId, id);
  const { store } = archive;
  const created: string[] = [];
  try {
    progress('copy', 0.85);
    created.push(target);
    const copied = await store.copyIn(source, target, { onBytes: (b) => progress('copy', 0.85 + 0.13 * (b / Math.max(1, size))), ...(signal ? { signal } : {}) });
    if (copied.sha256 !== sha256) {
      throw new RisalahError('FILE_UNREADABLE', `${originalName} changed while it was being imported`, { file: originalName });
    }
    await store.protect(target); // originals are never modified
    created.push(peaksTarget);
    await store.writeFile(peaksTarget, encodePeaks(analysis.peaks), { backup: false });

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
      await removeQuietly(archive, created);
      return { recording: duplicateOf, duplicate: true, event };
    }
    progress('done', 1);
    return { recording, duplicate: false, event };
  } catch (e) {
    await removeQuietly(archive, created);
    throw e;
  }
}

/** Undo a failed import: its files, and the folders they leave empty (a refused import leaves no trace). */
async function removeQuietly(archive: Archive, files: string[]): Promise<void> {
  for (const f of files) await archive.store.remove(f, { pruneFolder: true }).catch(() => undefined);
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
  const file = layout.peaks(eventId, recordingId);
  let data = await archive.store.readBytes(file, 64 * 1024 * 1024).catch(() => null);
  let peaks = data ? tryDecodePeaks(data) : null;
  if (!peaks) {
    // The cache was deleted, never made, or is damaged: rebuild it from the original.
    const analysis = await analyzeMedia(await archive.store.fileForTool(archive.eventFile(eventId, rec.file)), ff);
    data = encodePeaks(analysis.peaks);
    await archive.store.writeFile(file, data, { backup: false });
    peaks = decodePeaks(data);
  }
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

function tryDecodePeaks(data: Buffer): ReturnType<typeof decodePeaks> | null {
  try {
    return decodePeaks(data);
  } catch {
    return null;
  }
}

// ---- attachments ----------------------------------------------------------------------------

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
  await refusePrograms(source, originalName);
  const sha256 = await hashFile(source, undefined, options.signal);
  const existing = (await archive.getEvent(eventId)).attachments.find((a) => a.sha256 === sha256);
  if (existing) return { attachment: existing, duplicate: true, event: await archive.getEvent(eventId) };

  const id = fileId('att');
  const target = layout.attachmentFile(eventId, id, safeFileName(originalName));
  const relative = target.slice(layout.eventDir(eventId).length + 1);
  try {
    const copied = await archive.store.copyIn(source, target, options.signal ? { signal: options.signal } : {});
    if (copied.sha256 !== sha256) throw new RisalahError('FILE_UNREADABLE', `${originalName} changed while it was being added`, { file: originalName });
    await archive.store.protect(target);
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
    await removeQuietly(archive, [target]);
    throw e;
  }
}

/**
 * Add several files as attachments: every file is tried and has its result; when only one file
 * was given, its failure is the call's.
 */
export async function addAttachments(
  archive: Archive,
  eventId: string,
  files: readonly { path: string; name: string }[],
): Promise<AttachmentsAdded> {
  await archive.getEvent(eventId);
  const results: AttachmentsAdded['results'] = [];
  for (const file of files) {
    try {
      const r = await addAttachment(archive, eventId, file.path, { originalName: file.name });
      results.push({ name: file.name, attachmentId: r.attachment.id, duplicate: r.duplicate });
    } catch (e) {
      if (!(e instanceof RisalahError) || files.length === 1) throw e;
      results.push({ name: file.name, duplicate: false, error: { code: e.code, message: e.message, params: e.params } });
    }
  }
  return { event: await archive.getEvent(eventId), results };
}
