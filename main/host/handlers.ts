/**
 * Handlers: what each call of the contract does, in terms of the domain core.
 *
 * Owns: the mapping from call name to core operation, the jobs it queues, and the pushes that
 * follow a change. A handler receives input already validated by the dispatcher; it decides
 * nothing about transports. Every call in the contract must have a handler here (the type
 * enforces it).
 */
import type { CallArgs, CallName, CallResult, PushName, PushPayload } from '../api/contract';
import type { AttachmentsAdded, MachineSettingsView } from '../api/schemas';
import { addAttachment, importRecording, waveformOverview } from '../core/archive/files';
import { RisalahError, isRisalahError } from '../core/errors';
import { resolveFfmpeg } from '../core/media';
import type { Host } from './host';
import { unauthorized } from './host';

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
  const { archive, jobs, uploads } = ctx.host;
  const changed = (eventId?: string) => ctx.push('archive.changed', eventId ? { eventId } : {});

  async function settingsView(): Promise<MachineSettingsView> {
    const s = await ctx.host.settings.get();
    let ffmpeg: MachineSettingsView['ffmpeg'];
    try {
      const ff = await ctx.host.ffmpeg();
      ffmpeg = { ok: true, path: ff.ffmpeg, version: ff.version, source: ff.source };
    } catch (e) {
      ffmpeg = isRisalahError(e) ? { ok: false, code: e.code, message: e.message } : { ok: false, code: 'INTERNAL', message: String(e) };
    }
    return { ffmpegPath: s.ffmpegPath, ffprobePath: s.ffprobePath, ffmpeg, canChange: ctx.trustedClient };
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

    'jobs.list': async () => jobs.list(),
    'jobs.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),

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
