/**
 * The working transcript of a recording: the one people correct.
 *
 * Owns: `events/<id>/transcripts/<rec>.json` — starting it from the machine transcript (which
 * stays unchanged beside it, so every edit can be seen and reverted) or from an imported SRT/VTT/
 * text file; saving a corrected version (validated: times inside the recording and in order,
 * ids unique, speaker labels that exist; refused with CONFLICT when it changed since the revision
 * the editor started from; atomic, with the previous version kept as `.bak`); speaker labels and
 * who spoke for how long.
 */
import type { EditableSegment, MachineTranscript, Speaker, TranscriptLabel, WorkingTranscript } from '../../api/schemas';
import type { Archive } from '../archive/archive';
import { promises as fs } from 'node:fs';
import { readMachine, readWorking, updateWorking } from '../archive/documents';
import { RisalahError } from '../errors';
import { parseTranscriptFile } from './parse';

/** A working transcript made from the machine one (revision 0: not saved yet). */
export function fromMachine(machine: MachineTranscript): WorkingTranscript {
  return {
    formatVersion: 1,
    recordingId: machine.recordingId,
    rev: 0,
    source: 'machine',
    labels: [],
    segments: machine.segments.map((s) => ({ id: s.id, start: s.start, end: s.end, text: s.text, words: s.words, speaker: null })),
    createdAt: machine.createdAt,
    updatedAt: machine.createdAt,
  };
}

/** The saved working transcript, else one derived from the machine transcript, else null. */
export async function loadWorking(archive: Archive, eventId: string, recordingId: string): Promise<WorkingTranscript | null> {
  return workingOrMachine(await readWorking(archive.store, eventId, recordingId), archive, eventId, recordingId);
}

async function workingOrMachine(saved: WorkingTranscript | null, archive: Archive, eventId: string, recordingId: string): Promise<WorkingTranscript | null> {
  if (saved) return saved;
  const machine = await readMachine(archive.store, eventId, recordingId);
  return machine ? fromMachine(machine) : null;
}


export interface TranscriptContent {
  labels: TranscriptLabel[];
  segments: EditableSegment[];
}

/** Check a transcript against its recording and the speaker directory; returns the issues found. */
export function validateContent(content: TranscriptContent, durationSec: number, directory: readonly Speaker[]): string[] {
  const issues: string[] = [];
  const labelIds = new Set<string>();
  const people = new Set(directory.map((s) => s.id));
  content.labels.forEach((l, i) => {
    if (labelIds.has(l.id)) issues.push(`labels.${i}.id: duplicate ${l.id}`);
    labelIds.add(l.id);
    if (l.speakerId !== null && !people.has(l.speakerId)) issues.push(`labels.${i}.speakerId: no such speaker ${l.speakerId}`);
  });
  const ids = new Set<string>();
  let previous = -Infinity;
  content.segments.forEach((s, i) => {
    if (ids.has(s.id)) issues.push(`segments.${i}.id: duplicate ${s.id}`);
    ids.add(s.id);
    if (s.end < s.start) issues.push(`segments.${i}.end: before its start`);
    if (s.end > durationSec + 1) issues.push(`segments.${i}.end: after the end of the recording`);
    if (s.start < previous) issues.push(`segments.${i}.start: out of order`);
    previous = s.start;
    if (s.speaker !== null && !labelIds.has(s.speaker)) issues.push(`segments.${i}.speaker: no such label ${s.speaker}`);
  });
  return issues;
}

async function recordingOf(archive: Archive, eventId: string, recordingId: string) {
  const event = await archive.getEvent(eventId);
  const recording = event.recordings.find((r) => r.id === recordingId);
  if (!recording) throw new RisalahError('NOT_FOUND', `no recording ${recordingId}`, { id: recordingId });
  return recording;
}

/** Save a corrected transcript (see the module header). */
export async function saveWorking(
  archive: Archive,
  eventId: string,
  recordingId: string,
  baseRev: number,
  content: TranscriptContent,
): Promise<WorkingTranscript> {
  const recording = await recordingOf(archive, eventId, recordingId);
  return updateWorking(archive.store, eventId, recordingId, async (saved) => {
    const current = await workingOrMachine(saved, archive, eventId, recordingId);
    const rev = current?.rev ?? 0;
    if (rev !== baseRev) throw new RisalahError('CONFLICT', `transcript ${recordingId} is at revision ${rev}, not ${baseRev}`, { id: recordingId });
    const issues = validateContent(content, recording.durationSec, archive.document.speakers);
    if (issues.length) throw new RisalahError('INVALID_INPUT', `invalid transcript: ${issues.join('; ')}`, {}, issues);
    const now = new Date().toISOString();
    const doc: WorkingTranscript = {
      formatVersion: 1,
      recordingId,
      rev: rev + 1,
      source: current?.source ?? 'machine',
      ...(current?.imported ? { imported: current.imported } : {}),
      labels: content.labels,
      segments: content.segments,
      createdAt: current?.createdAt ?? now,
      updatedAt: now,
    };
    return { write: doc, result: doc };
  });
}

/** Match a name written in a file to a person of the directory (case and accents ignored). */
export function matchSpeaker(name: string, directory: readonly Speaker[]): Speaker | null {
  const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
  const n = fold(name);
  return directory.find((s) => fold(s.name) === n) ?? directory.find((s) => n.endsWith(` ${fold(s.name)}`) || fold(s.name).endsWith(` ${n}`)) ?? null;
}

/**
 * Import an SRT, VTT or text transcript for a recording. Speaker prefixes become labels, linked
 * to the directory person of the same name where there is one. Replaces the working transcript
 * (its previous version stays as `.bak`); the machine transcript is untouched.
 */
export async function importTranscript(
  archive: Archive,
  eventId: string,
  recordingId: string,
  name: string,
  text: string,
  /** The revision the user saw: refused with CONFLICT when the transcript changed since. */
  baseRev?: number,
): Promise<WorkingTranscript> {
  const recording = await recordingOf(archive, eventId, recordingId);
  const { format, segments } = parseTranscriptFile(name, text, recording.durationSec);
  const directory = archive.document.speakers;
  const labels: TranscriptLabel[] = [];
  const labelOf = new Map<string, string>();
  for (const s of segments) {
    if (!s.speaker) continue;
    const key = s.speaker.toLowerCase();
    if (labelOf.has(key)) continue;
    const id = `p${labels.length + 1}`;
    labelOf.set(key, id);
    labels.push({ id, name: s.speaker, speakerId: matchSpeaker(s.speaker, directory)?.id ?? null });
  }
  const duration = recording.durationSec;
  const content: TranscriptContent = {
    labels,
    segments: segments.map((s, i) => ({
      id: `i${String(i + 1).padStart(4, '0')}`,
      start: Math.min(s.start, duration),
      end: Math.min(Math.max(s.end, s.start), duration),
      text: s.text,
      words: [],
      speaker: s.speaker ? (labelOf.get(s.speaker.toLowerCase()) ?? null) : null,
    })),
  };
  const issues = validateContent(content, duration, directory);
  if (issues.length) throw new RisalahError('TRANSCRIPT_INVALID', `invalid transcript file ${name}: ${issues.join('; ')}`, { file: name, reason: issues[0] ?? '' }, issues);
  return updateWorking(archive.store, eventId, recordingId, async (saved) => {
    const current = await workingOrMachine(saved, archive, eventId, recordingId);
    if (baseRev !== undefined && (current?.rev ?? 0) !== baseRev) {
      throw new RisalahError('CONFLICT', `transcript ${recordingId} is at revision ${current?.rev ?? 0}, not ${baseRev}`, { id: recordingId });
    }
    const now = new Date().toISOString();
    const doc: WorkingTranscript = {
      formatVersion: 1,
      recordingId,
      rev: (current?.rev ?? 0) + 1,
      source: 'import',
      imported: { format, name },
      ...content,
      createdAt: now,
      updatedAt: now,
    };
    return { write: doc, result: doc };
  });
}

/** The name a segment's label stands for: the linked person's, else the label's own. */
export function labelName(label: TranscriptLabel | undefined, directory: readonly Speaker[]): { name: string; title: string; speakerId: string | null } | null {
  if (!label) return null;
  const person = label.speakerId ? directory.find((s) => s.id === label.speakerId) : undefined;
  return person ? { name: person.name, title: person.title, speakerId: person.id } : { name: label.name, title: '', speakerId: null };
}

/** Who spoke, and for how long, across transcripts (seconds, largest first). */
export function speakingTime(
  transcripts: readonly WorkingTranscript[],
  directory: readonly Speaker[],
): { speakerId: string | null; name: string; title: string; seconds: number; segments: number }[] {
  const totals = new Map<string, { speakerId: string | null; name: string; title: string; seconds: number; segments: number }>();
  for (const t of transcripts) {
    const labels = new Map(t.labels.map((l) => [l.id, l]));
    for (const s of t.segments) {
      if (!s.speaker) continue;
      const who = labelName(labels.get(s.speaker), directory);
      if (!who) continue;
      const key = who.speakerId ?? `name:${who.name.toLowerCase()}`;
      const entry = totals.get(key) ?? { ...who, seconds: 0, segments: 0 };
      entry.seconds += Math.max(0, s.end - s.start);
      entry.segments += 1;
      totals.set(key, entry);
    }
  }
  return [...totals.values()].map((e) => ({ ...e, seconds: Math.round(e.seconds * 10) / 10 })).sort((a, b) => b.seconds - a.seconds);
}

/** Who spoke at an event, and for how long, across its recordings' transcripts. */
export async function eventSpeakingTime(archive: Archive, eventId: string): Promise<ReturnType<typeof speakingTime>> {
  const event = await archive.getEvent(eventId);
  const transcripts: WorkingTranscript[] = [];
  for (const r of event.recordings) {
    const w = await loadWorking(archive, eventId, r.id);
    if (w) transcripts.push(w);
  }
  return speakingTime(transcripts, archive.document.speakers);
}

/** The largest transcript file accepted for import (SRT of a whole day is a few MB). */
export const MAX_TRANSCRIPT_FILE_BYTES = 20 * 1024 * 1024;

/** Import a transcript file from outside the archive (an upload, a path given to the CLI). */
export async function importTranscriptFile(
  archive: Archive,
  eventId: string,
  recordingId: string,
  file: string,
  name: string,
  baseRev?: number,
): Promise<WorkingTranscript> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new RisalahError('FILE_UNREADABLE', `cannot read ${name}`, { file: name });
  if (stat.size > MAX_TRANSCRIPT_FILE_BYTES) {
    throw new RisalahError('INVALID_INPUT', 'transcript file too large', { file: name }, ['(file): larger than 20 MB']);
  }
  const text = await fs.readFile(file, 'utf8');
  return importTranscript(archive, eventId, recordingId, name, text, baseRev);
}
