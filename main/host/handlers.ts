/**
 * Handlers: what each call of the contract does, in terms of the domain core.
 *
 * Owns: the mapping from call name to core operation, and the jobs a call queues. A handler
 * receives input already validated by the dispatcher (which also refuses `trusted` calls to
 * untrusted clients); it decides nothing about transports and holds no domain logic of its own —
 * that is main/core's. Nothing here pushes change notices: the archive emits a change event for
 * every write (main/core/archive/changes.ts) and the host relays them. Every call in the contract
 * must have a handler here (the type enforces it).
 */
import { clientMay, type CallArgs, type CallName, type CallResult, type ClientKind } from '../api/contract';
import type { ExportFile } from '../api/schemas';
import type { Archive } from '../core/archive/archive';
import { archiveSettingsView, setAttachmentCaption, updateArchiveSettings, updateRecording } from '../core/archive/edits';
import { addAttachments, importRecording, waveformOverview } from '../core/archive/files';
import { RisalahError } from '../core/errors';
import { exportQuoteSheet, exportRecordingTranscript, type ExportedFile } from '../core/export/event-exports';
import type { JobQueue } from '../core/jobs';
import type { FfmpegTools } from '../core/media';
import { addQuote, listQuotes, removeQuote, updateQuote } from '../core/quotes';
import { changeMachineSettings, machineSettingsView, type SettingsStore } from '../core/settings';
import { addSpeaker, listSpeakers, removeSpeaker, updateSpeaker } from '../core/speakers';
import { eventSpeakingTime, importTranscriptFile, saveWorking } from '../core/transcript/working';
import { findRecording, readTranscript } from '../core/transcription/service';
import { looksLikeOnnx } from '../core/diarization/models';
import { deleteVoiceprint, enableVoiceprint, voiceprintView } from '../core/diarization/voices';
import type { DiarizationHost } from './diarization';
import type { SearchHost } from './search';
import type { TranscriptionHost } from './transcription';
import type { UploadStore } from './uploads';

function toFile(f: ExportedFile): ExportFile {
  return { fileName: f.fileName, mime: f.mime, base64: f.data.toString('base64') };
}

export type Handlers = { [N in CallName]: (args: CallArgs<N>) => Promise<CallResult<N>> };

/** The services a host has opened: what handlers work with. */
export interface HandlerContext {
  archive: Archive;
  jobs: JobQueue;
  uploads: UploadStore;
  settings: SettingsStore;
  transcription: TranscriptionHost;
  diarization: DiarizationHost;
  search: SearchHost;
  /** The ffmpeg to use, per this computer's settings. */
  ffmpeg(): Promise<FfmpegTools>;
  /** Forget the resolved ffmpeg (after its settings changed). */
  resetFfmpeg(): void;
  kind: 'electron' | 'web';
  /** Who the client is (the dispatcher enforces the contract's trust levels; views say them). */
  client: ClientKind;
  version: string;
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { archive, jobs, uploads, transcription, diarization } = ctx;

  return {
    'app.info': async () => ({
      version: ctx.version,
      archiveDir: archive.dir,
      host: ctx.kind,
      problems: [...archive.problems],
    }),
    'events.list': (input) => archive.listEvents(input),
    'events.get': ({ id }) => archive.getEvent(id),
    'events.create': (input) => archive.createEvent(input),
    'events.update': ({ id, baseRev, patch }) => archive.updateEvent(id, baseRev, patch),

    'recordings.import': async ({ eventId, uploads: refs, language }) => {
      await archive.getEvent(eventId);
      const taken = refs.map((r) => uploads.take(r.uploadId));
      const queued = taken.map((upload) =>
        jobs.add({ kind: 'import', eventId, label: upload.name }, async ({ signal, progress }) => {
          try {
            const result = await importRecording(archive, await ctx.ffmpeg(), eventId, upload.path, {
              originalName: upload.name,
              signal,
              onProgress: progress,
              ...(language ? { language } : {}),
            });
            return {
              recordingId: result.recording.id,
              duplicate: result.duplicate,
              durationSec: result.recording.durationSec,
              warnings: result.recording.warnings,
            };
          } finally {
            await uploads.discard(upload);
          }
        }),
      );
      return { jobs: queued };
    },
    'recordings.update': ({ eventId, recordingId, patch }) => updateRecording(archive, eventId, recordingId, patch),
    'recordings.waveform': async ({ eventId, recordingId, buckets }) => waveformOverview(archive, await ctx.ffmpeg(), eventId, recordingId, buckets),

    'attachments.add': async ({ eventId, uploads: refs }) => {
      await archive.getEvent(eventId);
      const taken = refs.map((r) => uploads.take(r.uploadId));
      try {
        return await addAttachments(archive, eventId, taken.map((u) => ({ path: u.path, name: u.name })));
      } finally {
        for (const upload of taken) await uploads.discard(upload);
      }
    },
    'attachments.update': ({ eventId, attachmentId, caption }) => setAttachmentCaption(archive, eventId, attachmentId, caption),

    'transcripts.start': async ({ eventId, recordingIds, language }) => ({
      jobs: await transcription.start(eventId, recordingIds, language),
    }),
    'transcripts.get': async ({ eventId, recordingId }) => {
      await findRecording(archive, recordingId, eventId);
      return readTranscript(archive, eventId, recordingId);
    },
    'transcripts.save': ({ eventId, recordingId, baseRev, labels, segments }) => saveWorking(archive, eventId, recordingId, baseRev, { labels, segments }),
    'transcripts.import': async ({ eventId, recordingId, uploadId, baseRev }) => {
      const upload = uploads.take(uploadId);
      try {
        return await importTranscriptFile(archive, eventId, recordingId, upload.path, upload.name, baseRev);
      } finally {
        await uploads.discard(upload);
      }
    },
    'transcripts.export': async ({ eventId, recordingId, format, language }) => toFile(await exportRecordingTranscript(archive, eventId, recordingId, format, language)),

    'speakers.list': async () => listSpeakers(archive),
    'speakers.add': (fields) => addSpeaker(archive, fields),
    'speakers.update': ({ id, patch }) => updateSpeaker(archive, id, patch),
    'speakers.remove': async ({ id }) => {
      await removeSpeaker(archive, id);
      return { removed: true as const };
    },
    'events.speakers': ({ id }) => eventSpeakingTime(archive, id),

    'quotes.list': (filter) => listQuotes(archive, filter),
    'quotes.add': ({ eventId, ...input }) => addQuote(archive, eventId, input),
    'quotes.update': ({ eventId, quoteId, patch }) => updateQuote(archive, eventId, quoteId, patch),
    'quotes.remove': async ({ eventId, quoteId }) => {
      await removeQuote(archive, eventId, quoteId);
      return { removed: true as const };
    },
    'quotes.exportSheet': async ({ eventId, language }) => toFile(await exportQuoteSheet(archive, eventId, language)),

    'search.query': ({ q, ...options }) => ctx.search.search(q, options),
    'search.status': () => ctx.search.status(),
    'search.refresh': async () => {
      await ctx.search.refresh();
      return ctx.search.status();
    },

    'archive.settings': async () => archiveSettingsView(archive),
    'archive.updateSettings': (patch) => updateArchiveSettings(archive, patch),

    'models.list': () => transcription.overview(clientMay(ctx.client, 'local')),
    'models.select': async ({ id }) => {
      const models = await transcription.overview(true);
      if (!models.installed.some((m) => m.id === id && m.usable)) {
        throw new RisalahError('MODEL_MISSING', `model ${id} is not installed`, { file: id });
      }
      await ctx.settings.update({ modelId: id });
      return transcription.overview(true);
    },
    'models.download': async ({ id }) => ({ job: transcription.download(id) }),
    'models.import': async ({ uploadId }) => {
      const upload = uploads.take(uploadId);
      // an .onnx file is a diarization model (segmentation or speaker embedding), anything else Whisper's
      if (await looksLikeOnnx(upload.path, upload.name)) return { job: diarization.importFile(upload.path, upload.name, () => uploads.discard(upload)) };
      return { job: transcription.importFile(upload.path, upload.name, () => uploads.discard(upload)) };
    },
    'models.remove': async ({ id }) => {
      await transcription.remove(id);
      return transcription.overview(true);
    },

    'jobs.list': async () =>
      [...jobs.list(), ...transcription.jobs.list(), ...transcription.modelJobs.list(), ...diarization.jobs.list(), ...diarization.modelJobs.list()].sort((a, b) =>
        a.createdAt.localeCompare(b.createdAt),
      ),
    'jobs.cancel': async ({ jobId }) => ({
      cancelled:
        jobs.cancel(jobId) || transcription.jobs.cancel(jobId) || transcription.modelJobs.cancel(jobId) || diarization.jobs.cancel(jobId) || diarization.modelJobs.cancel(jobId),
    }),

    'settings.get': () => machineSettingsView(ctx.settings, ctx.ffmpeg, ctx.client),
    'settings.set': async ({ threads }) => {
      await ctx.settings.update({ threads });
      return machineSettingsView(ctx.settings, ctx.ffmpeg, ctx.client);
    },
    'settings.setTools': async (patch) => {
      await changeMachineSettings(ctx.settings, patch);
      ctx.resetFfmpeg();
      return machineSettingsView(ctx.settings, ctx.ffmpeg, ctx.client);
    },

    'diarization.start': async ({ eventId, recordingIds, speakers }) => ({ jobs: await diarization.start(eventId, recordingIds, speakers) }),
    'diarization.get': ({ eventId, recordingId }) => diarization.view(eventId, recordingId),
    'diarization.models': () => diarization.overview(clientMay(ctx.client, 'local')),
    'diarization.downloadModel': async ({ id }) => ({ job: diarization.download(id) }),
    'diarization.removeModel': async ({ id }) => {
      await diarization.remove(id);
      return diarization.overview(true);
    },
    'diarization.setThreshold': async ({ threshold }) => {
      await diarization.setThreshold(threshold);
      return diarization.overview(true);
    },
    'voiceprints.get': async ({ speakerId }) => {
      if (!archive.document.speakers.some((s) => s.id === speakerId)) throw new RisalahError('NOT_FOUND', `no speaker ${speakerId}`, { id: speakerId });
      return voiceprintView(archive, speakerId);
    },
    'voiceprints.enable': ({ speakerId, note }) => enableVoiceprint(archive, speakerId, note),
    'voiceprints.remove': async ({ speakerId }) => {
      if (!archive.document.speakers.some((s) => s.id === speakerId)) throw new RisalahError('NOT_FOUND', `no speaker ${speakerId}`, { id: speakerId });
      return deleteVoiceprint(archive, speakerId);
    },
  };
}
