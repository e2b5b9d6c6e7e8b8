/**
 * One well-formed payload per call of the contract, naming things that do not exist: what
 * reaches a handler's error paths (tests/unit/host/contract-errors.test.ts), and the base that the
 * hostile suite mutates into payloads that must be refused (tests/hostile/payloads.test.ts).
 * A new call must add its sample here (a test checks that every call has one).
 */
import type { CallName } from '../../main/api/contract';

export const EV = '2025-01-01-tidak-ada-abcd';
export const REC = 'rec-tidakada';
/** One well-formed payload per call, naming things that are not there. */
export const SAMPLES: Record<CallName, Record<string, unknown>> = {
  'app.info': {},
  'events.list': { q: 'apa' },
  'events.get': { id: EV },
  'events.create': { title: 'Rapat', date: '2025-01-01', type: 'rapat' },
  'events.update': { id: EV, baseRev: 1, patch: { venue: 'Aula' } },
  'recordings.import': { eventId: EV, uploads: [{ uploadId: 'up-tidakada' }] },
  'recordings.update': { eventId: EV, recordingId: REC, patch: { title: 'x' } },
  'recordings.waveform': { eventId: EV, recordingId: REC },
  'attachments.add': { eventId: EV, uploads: [{ uploadId: 'up-tidakada' }] },
  'attachments.update': { eventId: EV, attachmentId: 'att-tidakada', caption: 'x' },
  'transcripts.start': { eventId: EV, recordingIds: [REC] },
  'transcripts.get': { eventId: EV, recordingId: REC },
  'transcripts.save': { eventId: EV, recordingId: REC, baseRev: 0, labels: [], segments: [] },
  'transcripts.import': { eventId: EV, recordingId: REC, uploadId: 'up-tidakada' },
  'transcripts.export': { eventId: EV, recordingId: REC, format: 'txt' },
  'speakers.list': {},
  'speakers.add': { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan' },
  'speakers.update': { id: 'spk-tidakada', patch: { title: 'x' } },
  'speakers.remove': { id: 'spk-tidakada' },
  'events.speakers': { id: EV },
  'quotes.list': { eventId: EV },
  'quotes.add': { eventId: EV, recordingId: REC, start: 1, end: 2 },
  'quotes.update': { eventId: EV, quoteId: 'qt-tidakada', patch: { checked: true } },
  'quotes.remove': { eventId: EV, quoteId: 'qt-tidakada' },
  'quotes.exportSheet': { eventId: EV },
  'search.query': { q: 'pembinaan' },
  'search.status': {},
  'search.refresh': {},
  'archive.settings': {},
  'archive.updateSettings': { attributionVerb: 'ungkap' },
  'models.list': {},
  'models.select': { id: 'tidak-ada' },
  'models.download': { id: 'tidak-ada' },
  'models.import': { uploadId: 'up-tidakada' },
  'models.remove': { id: 'tidak-ada' },
  'jobs.list': {},
  'jobs.cancel': { jobId: 'job-000000000000' },
  'settings.get': {},
  'settings.set': { threads: 2 },
  'settings.setTools': { ffmpegPath: '/tidak/ada/ffmpeg' },
  'diarization.start': { eventId: EV, recordingIds: [REC], speakers: 3 },
  'diarization.get': { eventId: EV, recordingId: REC },
  'diarization.models': {},
  'diarization.downloadModel': { id: 'tidak-ada' },
  'diarization.removeModel': { id: 'tidak-ada' },
  'diarization.setThreshold': { threshold: 0.7 },
  'voiceprints.get': { speakerId: 'spk-tidakada' },
  'voiceprints.enable': { speakerId: 'spk-tidakada', note: 'setuju lisan' },
  'voiceprints.remove': { speakerId: 'spk-tidakada' },
};

