/**
 * A host: one open archive with its handlers, dispatcher, push bus, jobs and uploads.
 *
 * Owns: wiring the domain core to the contract for one process — opening the services, relaying
 * the archive's change events (this process's writes and, followed through the change log, other
 * processes') to the push bus, and closing everything again. The desktop app and `risalah serve`
 * each create one and put their transport in front of it.
 */
import path from 'node:path';
import pkg from '../../package.json';
import type { ClientKind } from '../api/contract';
import { Archive } from '../core/archive/archive';
import type { ChangeEvent } from '../core/archive/changes';
import { JobQueue } from '../core/jobs';
import { resolveFfmpeg, type FfmpegTools } from '../core/media';
import { SettingsStore } from '../core/settings';
import { cacheDir } from '../core/settings';
import { DiarizationHost } from './diarization';
import { createDispatcher, type Dispatch } from './dispatch';
import { createHandlers, type Handlers } from './handlers';
import { PushBus } from './pushes';
import { SearchHost } from './search';
import { TranscriptionHost } from './transcription';
import { sweepUploadFolders, UploadStore } from './uploads';

export interface Host {
  archive: Archive;
  handlers: Handlers;
  dispatch: Dispatch;
  pushes: PushBus;
  jobs: JobQueue;
  uploads: UploadStore;
  settings: SettingsStore;
  transcription: TranscriptionHost;
  diarization: DiarizationHost;
  search: SearchHost;
  /** The ffmpeg to use, per this computer's settings (resolved once, again after a change). */
  ffmpeg(): Promise<FfmpegTools>;
  close(): Promise<void>;
}

export const APP_VERSION: string = pkg.version;

export async function openHost(options: {
  archiveDir: string;
  kind: 'electron' | 'web';
  /** Who the clients are: the desktop app, a browser on this computer, or on another (default by kind). */
  client?: ClientKind;
  settingsDir?: string;
  /** Where Whisper models live (default: the per-user data folder; RISALAH_MODELS_DIR). */
  modelsDir?: string;
  /** Open the search index at once (building it in the background when missing). Default false. */
  indexOnOpen?: boolean;
  log?: (message: string, error: unknown) => void;
}): Promise<Host> {
  const archive = await Archive.open(options.archiveDir);
  const pushes = new PushBus();
  const log = options.log ?? ((m: string, e: unknown) => console.error(m, e));
  const jobs = new JobQueue((job) => pushes.push('job.updated', { job }), 1, log);
  const uploads = new UploadStore();
  const settings = new SettingsStore(options.settingsDir);
  let ff: Promise<FfmpegTools> | null = null;
  const ffmpeg = () => {
    ff ??= settings.get().then((s) => resolveFfmpeg({ ffmpegPath: s.ffmpegPath || null, ffprobePath: s.ffprobePath || null }));
    ff.catch(() => {
      ff = null; // try again next time (the user may install ffmpeg meanwhile)
    });
    return ff;
  };
  const transcription = new TranscriptionHost({
    archive,
    settings,
    pushes,
    ffmpeg,
    log,
    ...(options.modelsDir ? { modelsDir: options.modelsDir } : {}),
  });
  const diarization = new DiarizationHost({
    archive,
    settings,
    pushes,
    ffmpeg,
    log,
    modelsDir: transcription.modelsDir, // one models folder: Whisper's *.bin and diarization's *.onnx
    workDir: path.join(cacheDir(), 'work'),
  });
  const search = new SearchHost(archive.dir, (listener) => archive.store.subscribe(listener), log);
  if (options.indexOnOpen) void search.open().catch((e: unknown) => log('search index failed to open', e));

  // Leftovers of killed writes (temporary files, upload folders of killed hosts): swept in the background.
  sweepUploadFolders();
  const swept = archive.sweep().catch((e: unknown) => log('sweeping leftovers failed', e));

  // Every write to the archive — here or by another process on the same folder — reaches the UIs.
  const unsubscribe = archive.store.subscribe((change) => relay(change, pushes, archive));
  await archive.store.changes.watch();

  const client: ClientKind = options.client ?? (options.kind === 'electron' ? 'app' : 'remote');
  const handlers = createHandlers({
    archive,
    jobs,
    uploads,
    settings,
    transcription,
    diarization,
    search,
    ffmpeg,
    resetFfmpeg: () => {
      ff = null;
    },
    kind: options.kind,
    client,
    version: APP_VERSION,
  });
  const dispatch = createDispatcher(handlers, { client, log, before: () => archive.refresh() });
  return {
    archive,
    pushes,
    jobs,
    uploads,
    settings,
    transcription,
    diarization,
    search,
    ffmpeg,
    handlers,
    dispatch,
    close: async () => {
      await swept;
      for (const job of jobs.list()) jobs.cancel(job.id);
      await jobs.idle();
      await diarization.close();
      await transcription.close();
      await search.close();
      unsubscribe();
      archive.close();
      uploads.close();
    },
  };
}

/** An archive change as the pushes the UIs listen to. */
function relay(change: ChangeEvent, pushes: PushBus, archive: Archive): void {
  switch (change.kind) {
    case 'archive':
      if (change.origin === 'other') void archive.refresh();
      pushes.push('archive.changed', {});
      return;
    case 'all':
      void archive.refresh();
      pushes.push('archive.changed', {});
      return;
    case 'event':
      pushes.push('archive.changed', { eventId: change.eventId });
      return;
    case 'quotes':
      pushes.push('quotes.changed', { eventId: change.eventId });
      return;
    case 'diarization':
      pushes.push('diarization.changed', { eventId: change.eventId, recordingId: change.recordingId });
      return;
    case 'transcript':
      if (change.which === 'working') pushes.push('transcript.saved', { eventId: change.eventId, recordingId: change.recordingId, rev: change.rev ?? 0 });
      else pushes.push('archive.changed', { eventId: change.eventId });
      return;
  }
}
