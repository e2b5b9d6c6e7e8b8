/**
 * A small real archive for the search tests: events created with the real core (Archive.open,
 * createEvent, updateEvent, mutateEvent), transcripts and quotes written in the documented shapes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EditableSegment, MachineTranscript, Quote, RecordingRecord, TranscriptLabel, WorkingTranscript } from '../../../main/api/schemas';
import { Archive } from '../../../main/core/archive/archive';
import { writeFileAtomic } from '../../../main/core/fs/atomic';
import { layout } from '../../../main/core/archive/layout';

export type Line = [start: number, end: number, text: string, label?: string];

export function recording(id: string, title: string, durationSec: number): RecordingRecord {
  return {
    id,
    originalName: `${id}.m4a`,
    file: `media/${id}.m4a`,
    sha256: '0'.repeat(64),
    sizeBytes: 1000,
    durationSec,
    container: 'mov,mp4,m4a',
    codec: 'aac',
    sampleRate: 44100,
    channels: 1,
    hasVideo: false,
    title,
    language: 'id',
    warnings: [],
    importedAt: '2025-07-01T00:00:00.000Z',
  };
}

function words(text: string, start: number, end: number) {
  const parts = text.split(/\s+/).filter(Boolean);
  const step = (end - start) / Math.max(1, parts.length);
  return parts.map((w, i) => ({ text: w, start: start + i * step, end: start + (i + 1) * step, p: 0.9 }));
}

export async function writeMachine(archive: Archive, eventId: string, recordingId: string, lines: Line[]): Promise<void> {
  const doc: MachineTranscript = {
    formatVersion: 1,
    recordingId,
    createdAt: '2025-07-01T00:00:00.000Z',
    engine: 'whisper.cpp',
    model: { id: 'small', file: 'ggml-small.bin', sha256: null },
    language: 'id',
    detectedLanguage: 'id',
    prompt: '',
    replacements: [],
    segments: lines.map(([start, end, text], i) => ({ id: `s${String(i + 1).padStart(4, '0')}`, start, end, text, words: words(text, start, end), noSpeechProb: 0.01 })),
    stats: { audioSec: 60, coveredSec: 60, skippedSec: 0, wallSec: 10, windows: 1, restarts: 0 },
  };
  const file = archive.store.pathOf(layout.machineTranscript(eventId, recordingId));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(doc, null, 1)}\n`);
}

export async function writeWorking(archive: Archive, eventId: string, recordingId: string, labels: TranscriptLabel[], lines: Line[]): Promise<void> {
  const segments: EditableSegment[] = lines.map(([start, end, text, label], i) => ({ id: `s${i + 1}`, start, end, text, words: [], speaker: label ?? null }));
  const doc: WorkingTranscript = {
    formatVersion: 1,
    recordingId,
    rev: 1,
    source: 'machine',
    labels,
    segments,
    createdAt: '2025-07-01T00:00:00.000Z',
    updatedAt: '2025-07-01T00:00:00.000Z',
  };
  const file = archive.store.pathOf(layout.workingTranscript(eventId, recordingId));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
}

export function quote(eventId: string, id: string, recordingId: string, start: number, end: number, text: string, speakerName: string, speakerId: string | null = null): Quote {
  return {
    id,
    eventId,
    recordingId,
    start,
    end,
    text,
    speakerId,
    speakerName,
    speakerTitle: '',
    tags: [],
    checked: true,
    note: '',
    createdAt: '2025-07-01T00:00:00.000Z',
    updatedAt: '2025-07-01T00:00:00.000Z',
  };
}

export async function writeQuotes(archive: Archive, eventId: string, quotes: Quote[]): Promise<void> {
  await writeFileAtomic(path.join(archive.store.pathOf(layout.eventDir(eventId)), 'quotes.json'), `${JSON.stringify({ quotes }, null, 2)}\n`);
}

export interface Fixture {
  archive: Archive;
  /** MoU signing, 2025-07-01: working transcript (Mashudi + an unlinked label) and a machine one. */
  signing: string;
  /** Ceremony, 2025-04-27: machine transcript and a quote. */
  ceremony: string;
  /** Coordination meeting, 2024-11-10: working transcript by Rika Aprianti. */
  meeting: string;
}

export async function buildFixture(dir: string): Promise<Fixture> {
  const archive = await Archive.open(dir);
  await archive.updateDocument((doc) => {
    doc.speakers.push(
      { id: 'spk-mashudi', name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan', org: 'Ditjenpas', notes: '' },
      { id: 'spk-rika', name: 'Rika Aprianti', title: 'Kepala Bagian Humas', org: 'Ditjenpas', notes: '' },
    );
  });

  const signing = (await archive.createEvent({ title: 'Penandatanganan MoU dengan Universitas Muria Kudus', date: '2025-07-01', type: 'penandatanganan' })).id;
  await archive.updateEvent(signing, 1, {
    venue: 'Graha Pengayoman, Jakarta',
    agreement: {
      kind: 'mou',
      documentNumber: 'PAS-12.HH.05.02',
      title: 'Pembinaan Kemandirian Narapidana',
      scope: '',
      parties: [
        { institution: 'Direktorat Jenderal Pemasyarakatan', signatory: 'Mashudi', role: 'Direktur Jenderal' },
        { institution: 'Universitas Muria Kudus', signatory: 'Darsono', role: 'Rektor' },
      ],
    },
  });
  await archive.mutateEvent(signing, (e) => ({ ...e, recordings: [recording('rec-a1', 'Sambutan Dirjenpas', 40), recording('rec-a2', 'Tanya jawab', 20)] }));
  await writeWorking(
    archive,
    signing,
    'rec-a1',
    [
      { id: 'p1', name: 'Pembicara 1', speakerId: 'spk-mashudi' },
      { id: 'p2', name: 'Pembicara 2', speakerId: null },
    ],
    [
      [0, 6.5, 'Selamat pagi, Bapak dan Ibu sekalian yang saya hormati.', 'p1'],
      [6.5, 14.2, 'Hari ini Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman tentang kemandirian narapidana.', 'p1'],
      [14.2, 22, 'Kolaborasi dengan perguruan tinggi sangat penting bagi Lapas di seluruh Indonesia.', 'p2'],
      [22, 30, 'Kami berharap para petugas terus membina dengan sepenuh hati.', 'p1'],
    ],
  );
  await writeMachine(archive, signing, 'rec-a2', [
    [0, 5, 'Sesi tanya jawab dengan media dimulai.'],
    [5, 12, 'Wartawan bertanya tentang jumlah WBP yang mengikuti pelatihan.'],
  ]);

  const ceremony = (await archive.createEvent({ title: 'Upacara Hari Bakti Pemasyarakatan ke-61', date: '2025-04-27', type: 'upacara' })).id;
  await archive.updateEvent(ceremony, 1, { venue: 'Lapangan Kantor Wilayah Jawa Barat' });
  await archive.mutateEvent(ceremony, (e) => ({ ...e, recordings: [recording('rec-b1', 'Amanat upacara', 60)] }));
  await writeMachine(archive, ceremony, 'rec-b1', [
    [0, 8, 'Upacara dipimpin langsung oleh Kepala Kantor Wilayah.'],
    [8, 15, 'Program binaan kami berjalan dengan sangat baik tahun ini.'],
    [15, 24, 'Café di Lapas Cipinang dikelola sepenuhnya oleh warga binaan.'],
    [24, 31, 'Rumah Tahanan Negara kelas satu Jakarta mendapat penghargaan.'],
  ]);
  await writeQuotes(archive, ceremony, [
    quote(ceremony, 'q-1', 'rec-b1', 40, 48, 'Pemasyarakatan adalah tentang memulihkan hubungan dengan masyarakat.', 'Mashudi', 'spk-mashudi'),
  ]);

  const meeting = (await archive.createEvent({ title: 'Rapat Koordinasi Pengamanan', date: '2024-11-10', type: 'rapat' })).id;
  await archive.mutateEvent(meeting, (e) => ({ ...e, recordings: [recording('rec-c1', 'Rapat', 30)] }));
  await writeWorking(
    archive,
    meeting,
    'rec-c1',
    [{ id: 'p1', name: 'Pembicara 1', speakerId: 'spk-rika' }],
    [
      [0, 9, 'Rapat koordinasi membahas pengamanan di Lapas Sukamiskin.', 'p1'],
      [9, 17, 'Ditjenpas meminta laporan mingguan dari setiap UPT.', 'p1'],
      [17, 26, 'Dibina dengan baik, mereka kembali ke tengah keluarga.', 'p1'],
    ],
  );
  return { archive, signing, ceremony, meeting };
}
