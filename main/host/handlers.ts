/**
 * Handlers: what each call of the contract does, in terms of the domain core.
 *
 * Owns: the mapping from call name to core operation, the jobs it queues, and the pushes that
 * follow a change. A handler receives input already validated by the dispatcher; it decides
 * nothing about transports. Every call in the contract must have a handler here (the type
 * enforces it).
 */
import type { CallArgs, CallName, CallResult, PushName, PushPayload } from '../api/contract';
import { promises as fs } from 'node:fs';
import type { ArchiveSettingsView, AttachmentsAdded, ExportFile, MachineSettingsView } from '../api/schemas';
import { exportQuoteSheet, exportRecordingTranscript, type ExportedFile } from '../core/export/event-exports';
import { addQuote, listQuotes, removeQuote, updateQuote } from '../core/quotes';
import { addSpeaker, listSpeakers, removeSpeaker, updateSpeaker } from '../core/speakers';
import { importTranscript, loadWorking, saveWorking, speakingTime } from '../core/transcript/working';
import { addAttachment, importRecording, waveformOverview } from '../core/archive/files';
import { RisalahError, isRisalahError } from '../core/errors';
import { resolveFfmpeg } from '../core/media';
import { defaultThreads } from '../core/settings';
import { readTranscript } from '../core/transcription/service';
import type { Host } from './host';
import { unauthorized } from './host';

function toFile(f: ExportedFile): ExportFile {
  return { fileName: f.fileName, mime: f.mime, base64: f.data.toString('base64') };
}

export type Handlers = { [N in CallName]: (args: CallArgs<N>) => Promise<CallResult<N>> };

export interface HandlerContext {
  host: Omit<Host, 'handlers' | 'dispatch'>;
  kind: 'electron' | 'web';
  trustedClient: boolean;
  version: string;
  resetFfmpeg(): void;
  push<P extends PushName>(name: P, payload: PushPayload<P>): void;
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { archive, jobs, uploads, transcription } = ctx.host;
  const changed = (eventId?: string) => ctx.push('archive.changed', eventId ? { eventId } : {});

  function archiveSettingsView(): ArchiveSettingsView {
    const doc = archive.document;
    return {
      attributionVerb: doc.settings.attributionVerb,
      attributionStyle: doc.settings.attributionStyle,
      defaultLanguage: doc.settings.defaultLanguage,
      glossary: doc.glossary,
      replacements: doc.replacements ?? [],
    };
  }

  async function settingsView(): Promise<MachineSettingsView> {
    const s = await ctx.host.settings.get();
    let ffmpeg: MachineSettingsView['ffmpeg'];
    try {
      const ff = await ctx.host.ffmpeg();
      ffmpeg = { ok: true, path: ff.ffmpeg, version: ff.version, source: ff.source };
    } catch (e) {
      ffmpeg = isRisalahError(e) ? { ok: false, code: e.code, message: e.message } : { ok: false, code: 'INTERNAL', message: String(e) };
    }
    return {
      ffmpegPath: s.ffmpegPath,
      ffprobePath: s.ffprobePath,
      threads: s.threads,
      autoThreads: defaultThreads(),
      ffmpeg,
      canChange: ctx.trustedClient,
    };
  }

  return {
    'app.info': async () => ({
      version: ctx.version,
      archiveDir: archive.dir,
      host: ctx.kind,
      problems: [...archive.problems],
    }),
    'events.list': (input) => archive.listEvents(input),
    'events.get': ({ id }) => archive.getEvent(id),
    'events.create': async (input) => {
      const event = await archive.createEvent(input);
      changed(event.id);
      return event;
    },
    'events.update': async ({ id, baseRev, patch }) => {
      const event = await archive.updateEvent(id, baseRev, patch);
      changed(id);
      return event;
    },

    'recordings.import': async ({ eventId, uploads: refs, language }) => {
      await archive.getEvent(eventId);
      const taken = refs.map((r) => uploads.take(r.uploadId));
      const queued = taken.map((upload) =>
        jobs.add({ kind: 'import', eventId, label: upload.name }, async ({ signal, progress }) => {
          try {
            const ff = await ctx.host.ffmpeg();
            const result = await importRecording(archive, ff, eventId, upload.path, {
              originalName: upload.name,
              signal,
              onProgress: progress,
              ...(language ? { language } : {}),
            });
            if (!result.duplicate) changed(eventId);
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
    'recordings.update': async ({ eventId, recordingId, patch }) => {
      const event = await archive.mutateEvent(eventId, (ev) => {
        const rec = ev.recordings.find((r) => r.id === recordingId);
        if (!rec) throw new RisalahError('NOT_FOUND', `no recording ${recordingId}`, { id: recordingId });
        Object.assign(rec, patch);
        return ev;
      });
      changed(eventId);
      return event;
    },
    'recordings.waveform': async ({ eventId, recordingId, buckets }) =>
      waveformOverview(archive, await ctx.host.ffmpeg(), eventId, recordingId, buckets),

    'attachments.add': async ({ eventId, uploads: refs }) => {
      await archive.getEvent(eventId);
      const taken = refs.map((r) => uploads.take(r.uploadId));
      const results: AttachmentsAdded['results'] = [];
      try {
        for (const upload of taken) {
          try {
            const r = await addAttachment(archive, eventId, upload.path, { originalName: upload.name });
            results.push({ name: upload.name, attachmentId: r.attachment.id, duplicate: r.duplicate });
          } catch (e) {
            if (!isRisalahError(e)) throw e;
            if (taken.length === 1) throw e;
            results.push({ name: upload.name, duplicate: false, error: { code: e.code, message: e.message, params: e.params } });
          }
        }
      } finally {
        for (const upload of taken) await uploads.discard(upload);
      }
      if (results.some((r) => r.attachmentId && !r.duplicate)) changed(eventId);
      return { event: await archive.getEvent(eventId), results };
    },
    'attachments.update': async ({ eventId, attachmentId, caption }) => {
      const event = await archive.mutateEvent(eventId, (ev) => {
        const att = ev.attachments.find((a) => a.id === attachmentId);
        if (!att) throw new RisalahError('NOT_FOUND', `no attachment ${attachmentId}`, { id: attachmentId });
        att.caption = caption;
        return ev;
      });
      changed(eventId);
      return event;
    },

    'transcripts.start': async ({ eventId, recordingIds, language }) => ({
      jobs: await transcription.start(eventId, recordingIds, language),
    }),
    'transcripts.get': async ({ eventId, recordingId }) => {
      const event = await archive.getEvent(eventId);
      if (!event.recordings.some((r) => r.id === recordingId)) {
        throw new RisalahError('NOT_FOUND', `no recording ${recordingId}`, { id: recordingId });
      }
      return readTranscript(archive, eventId, recordingId);
    },

    'transcripts.save': async ({ eventId, recordingId, baseRev, labels, segments }) => {
      const saved = await saveWorking(archive, eventId, recordingId, baseRev, { labels, segments });
      ctx.push('transcript.saved', { eventId, recordingId, rev: saved.rev });
      return saved;
    },
    'transcripts.import': async ({ eventId, recordingId, uploadId, baseRev }) => {
      const upload = uploads.take(uploadId);
      try {
        const stat = await fs.stat(upload.path);
        if (stat.size > 20 * 1024 * 1024) throw new RisalahError('INVALID_INPUT', 'transcript file too large', { file: upload.name }, ['(file): larger than 20 MB']);
        const text = await fs.readFile(upload.path, 'utf8');
        const saved = await importTranscript(archive, eventId, recordingId, upload.name, text, baseRev);
        ctx.push('transcript.saved', { eventId, recordingId, rev: saved.rev });
        return saved;
      } finally {
        await uploads.discard(upload);
      }
    },
    'transcripts.export': async ({ eventId, recordingId, format, language }) => toFile(await exportRecordingTranscript(archive, eventId, recordingId, format, language)),

    'speakers.list': async () => listSpeakers(archive),
    'speakers.add': async (fields) => {
      const s = await addSpeaker(archive, fields);
      changed();
      return s;
    },
    'speakers.update': async ({ id, patch }) => {
      const s = await updateSpeaker(archive, id, patch);
      changed();
      return s;
    },
    'speakers.remove': async ({ id }) => {
      await removeSpeaker(archive, id);
      changed();
      return { removed: true as const };
    },
    'events.speakers': async ({ id }) => {
      const event = await archive.getEvent(id);
      const transcripts = [];
      for (const r of event.recordings) {
        const w = await loadWorking(archive, id, r.id);
        if (w) transcripts.push(w);
      }
      return speakingTime(transcripts, archive.document.speakers);
    },

    'quotes.list': async (filter) => listQuotes(archive, filter),
    'quotes.add': async ({ eventId, ...input }) => {
      const q = await addQuote(archive, eventId, input);
      ctx.push('quotes.changed', { eventId });
      return q;
    },
    'quotes.update': async ({ eventId, quoteId, patch }) => {
      const q = await updateQuote(archive, eventId, quoteId, patch);
      ctx.push('quotes.changed', { eventId });
      return q;
    },
    'quotes.remove': async ({ eventId, quoteId }) => {
      await removeQuote(archive, eventId, quoteId);
      ctx.push('quotes.changed', { eventId });
      return { removed: true as const };
    },
    'quotes.exportSheet': async ({ eventId, language }) => toFile(await exportQuoteSheet(archive, eventId, language)),

    'search.query': async ({ q, ...options }) => ctx.host.search.search(q, options),
    'search.status': async () => ctx.host.search.status(),
    'search.refresh': async () => {
      await ctx.host.search.refresh();
      return ctx.host.search.status();
    },

    'archive.settings': async () => archiveSettingsView(),
    'archive.updateSettings': async (patch) => {
      await archive.updateDocument((doc) => {
        if (patch.attributionVerb !== undefined) doc.settings.attributionVerb = patch.attributionVerb;
        if (patch.attributionStyle !== undefined) doc.settings.attributionStyle = patch.attributionStyle;
        if (patch.defaultLanguage !== undefined) doc.settings.defaultLanguage = patch.defaultLanguage;
        if (patch.glossary !== undefined) doc.glossary = patch.glossary;
        if (patch.replacements !== undefined) doc.replacements = patch.replacements;
      });
      changed();
      return archiveSettingsView();
    },

    'models.list': () => transcription.overview(ctx.trustedClient),
    'models.select': async ({ id }) => {
      if (!ctx.trustedClient) throw unauthorized('choosing the model');
      const models = await transcription.overview(true);
      if (!models.installed.some((m) => m.id === id && m.usable)) {
        throw new RisalahError('MODEL_MISSING', `model ${id} is not installed`, { file: id });
      }
      await ctx.host.settings.update({ modelId: id });
      return transcription.overview(true);
    },
    'models.download': async ({ id }) => {
      if (!ctx.trustedClient) throw unauthorized('downloading models');
      return { job: transcription.download(id) };
    },
    'models.import': async ({ uploadId }) => {
      if (!ctx.trustedClient) throw unauthorized('installing models');
      const upload = uploads.take(uploadId);
      return { job: transcription.importFile(upload.path, upload.name, () => uploads.discard(upload)) };
    },
    'models.remove': async ({ id }) => {
      if (!ctx.trustedClient) throw unauthorized('removing models');
      await transcription.remove(id);
      return transcription.overview(true);
    },

    'jobs.list': async () =>
      [...jobs.list(), ...transcription.jobs.list(), ...transcription.modelJobs.list()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    'jobs.cancel': async ({ jobId }) => ({
      cancelled: jobs.cancel(jobId) || transcription.jobs.cancel(jobId) || transcription.modelJobs.cancel(jobId),
    }),

    'settings.get': settingsView,
    'settings.set': async (patch) => {
      if (!ctx.trustedClient) throw unauthorized('changing settings');
      // A path the user gives must work; refuse it (and keep the old settings) otherwise.
      if (patch.ffmpegPath || patch.ffprobePath) {
        const current = await ctx.host.settings.get();
        await resolveFfmpeg({
          ffmpegPath: patch.ffmpegPath ?? (current.ffmpegPath || null),
          ffprobePath: patch.ffprobePath ?? (current.ffprobePath || null),
        });
      }
      await ctx.host.settings.update(patch);
      ctx.resetFfmpeg();
      return settingsView();
    },
  };
}
