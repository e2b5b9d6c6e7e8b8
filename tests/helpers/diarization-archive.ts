/**
 * An archive to try "Kenali pembicara" on: the synthetic 3-voice events of helpers/diarization.ts
 * as recordings (WAV, imported as a user would), transcripts whose segments follow the reference
 * turns with word times (one segment spans two speakers, so the split at the word is exercised),
 * the three people in the directory, and the designed test models installed in a models folder.
 */
import { existsSync } from 'node:fs';
import { copyFile, rename } from 'node:fs/promises';
import type { EditableSegment, TranscriptWord } from '../../main/api/schemas';
import { Archive } from '../../main/core/archive/archive';
import { importRecording } from '../../main/core/archive/files';
import { importDiarizationModel } from '../../main/core/diarization/models';
import { resolveFfmpeg } from '../../main/core/media';
import { addSpeaker } from '../../main/core/speakers';
import { saveWorking } from '../../main/core/transcript/working';
import { diarizationTestModels, type SyntheticEvent } from './diarization';

/** What each voice says, for segment texts (the words need not match the audio: times do). */
export const WORDS: Record<string, string> = {
  mc: 'selamat pagi bapak dan ibu sekalian hari ini kita berkumpul',
  kakanwil: 'terima kasih kami dari kantor wilayah menyambut baik kerja sama',
  karutan: 'kolaborasi ini untuk pembinaan warga binaan yang lebih baik',
};

function wordsOver(text: string, start: number, end: number): TranscriptWord[] {
  const tokens = text.split(' ');
  const step = (end - start) / tokens.length;
  return tokens.map((w, i) => ({ text: w, start: round(start + i * step), end: round(start + (i + 1) * step), p: 0.9 }));
}
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Segments following a synthetic event's reference turns; turns `join` and `join + 1` are one
 * segment (the split at the word), the pause between them inside it.
 */
export function referenceSegments(event: SyntheticEvent, join = -1): EditableSegment[] {
  const out: EditableSegment[] = [];
  event.reference.forEach((r, i) => {
    const text = WORDS[r.speaker] ?? 'kata';
    if (i === join + 1 && join >= 0) {
      const prev = out.at(-1)!;
      prev.text = `${prev.text} ${text}`;
      prev.words = [...prev.words, ...wordsOver(text, r.start, r.end)];
      prev.end = r.end;
      return;
    }
    out.push({ id: `s${String(out.length + 1).padStart(4, '0')}`, start: r.start, end: r.end, text, words: wordsOver(text, r.start, r.end), speaker: null });
  });
  return out;
}

/** The event's 16-bit WAV as a file a user would import (named as the recording). */
export async function eventWav(event: SyntheticEvent, name: string, dir: string): Promise<string> {
  const out = `${dir}/${name}`;
  if (!existsSync(out)) {
    await copyFile(event.wav, `${out}.${process.pid}.tmp`);
    await rename(`${out}.${process.pid}.tmp`, out);
  }
  return out;
}

export interface DiarizationArchive {
  archive: Archive;
  eventId: string;
  /** Recording id by name (`a`, `b`). */
  recordings: Record<string, string>;
  /** Directory id by voice (`mc`, `kakanwil`, `karutan`). */
  people: Record<string, string>;
  modelsDir: string;
}

/** Install the designed test models into `modelsDir` through the model store (as `risalah models import` does). */
export async function installTestModels(modelsDir: string): Promise<void> {
  const models = await diarizationTestModels();
  await importDiarizationModel(modelsDir, models.segmentation, { originalName: 'uji-segmentasi.onnx' });
  await importDiarizationModel(modelsDir, models.embedding, { originalName: 'uji-suara.onnx' });
}

/** The archive: one event, the given recordings (with a transcript when `transcript` says so), the people, the models. */
export async function diarizationArchive(
  dir: string,
  work: string,
  recordings: { name: string; event: SyntheticEvent; transcript: boolean; join?: number }[],
): Promise<DiarizationArchive> {
  const archive = await Archive.open(`${dir}/arsip`);
  const ff = await resolveFfmpeg();
  const event = await archive.createEvent({ title: 'Penandatanganan MoU Ditjenpas', date: '2025-07-01', type: 'penandatanganan' });
  const people: Record<string, string> = {};
  for (const [voice, name, title] of [
    ['mc', 'Rina Wulandari', 'Pembawa Acara'],
    ['kakanwil', 'Mashudi', 'Direktur Jenderal Pemasyarakatan'],
    ['karutan', 'Anda Tuning', 'Kepala Rutan Kelas IIB Kudus'],
  ] as const) {
    people[voice] = (await addSpeaker(archive, { name, title, org: '', notes: '' })).id;
  }
  const ids: Record<string, string> = {};
  for (const r of recordings) {
    const wav = await eventWav(r.event, `${r.name}.wav`, work);
    const { recording } = await importRecording(archive, ff, event.id, wav);
    ids[r.name] = recording.id;
    if (r.transcript) await saveWorking(archive, event.id, recording.id, 0, { labels: [], segments: referenceSegments(r.event, r.join ?? -1) });
  }
  const modelsDir = `${dir}/models`;
  await installTestModels(modelsDir);
  return { archive, eventId: event.id, recordings: ids, people, modelsDir };
}
