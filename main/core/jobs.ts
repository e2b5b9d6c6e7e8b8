/**
 * Background jobs: long work (imports, transcriptions, model downloads) that reports progress
 * and can be cancelled.
 *
 * Owns: a queue that runs jobs one at a time by default (an import decodes a whole recording;
 * two at once on a 2-core laptop only make both slower), each job's state and progress, and
 * telling listeners about every change (throttled progress). It keeps the last finished jobs so
 * a window opened later can show what happened.
 */
import { randomBytes } from 'node:crypto';
import type { ErrorCode } from '../api/errors';
import type { JobInfo } from '../api/schemas';
import { isRisalahError } from './errors';

export interface JobContext {
  signal: AbortSignal;
  progress(stage: string, fraction: number | null, etaSec?: number | null): void;
}

type Runner = (ctx: JobContext) => Promise<JobInfo['result']>;

interface Entry {
  info: JobInfo;
  run: Runner;
  controller: AbortController;
}

const KEEP_FINISHED = 50;
const PROGRESS_INTERVAL_MS = 200;

export class JobQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly waiting: Entry[] = [];
  private running = 0;
  private readonly lastEmit = new Map<string, number>();

  constructor(
    private readonly onChange: (job: JobInfo) => void,
    private readonly concurrency = 1,
    private readonly log: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
  ) {}

  add(spec: Pick<JobInfo, 'kind' | 'label' | 'eventId' | 'recordingId' | 'modelId'>, run: Runner): JobInfo {
    const info: JobInfo = {
      id: `job-${randomBytes(6).toString('hex')}`,
      ...spec,
      state: 'queued',
      stage: 'queued',
      fraction: 0,
      createdAt: new Date().toISOString(),
    };
    const entry: Entry = { info, run, controller: new AbortController() };
    this.entries.set(info.id, entry);
    this.waiting.push(entry);
    this.emit(entry, true);
    this.pump();
    return { ...info };
  }

  list(): JobInfo[] {
    return [...this.entries.values()].map((e) => ({ ...e.info }));
  }

  get(id: string): JobInfo | undefined {
    const e = this.entries.get(id);
    return e ? { ...e.info } : undefined;
  }

  /** Is a job for this key (e.g. a recording) queued or running? */
  active(match: (job: JobInfo) => boolean): JobInfo | undefined {
    for (const e of this.entries.values()) if (['queued', 'running'].includes(e.info.state) && match(e.info)) return { ...e.info };
    return undefined;
  }

  /** Cancel a queued or running job; false when it does not exist or has finished. */
  cancel(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || !['queued', 'running'].includes(entry.info.state)) return false;
    entry.controller.abort();
    if (entry.info.state === 'queued') {
      this.waiting.splice(this.waiting.indexOf(entry), 1);
      this.finish(entry, 'cancelled');
    }
    return true;
  }

  /** Resolves when nothing is queued or running (tests, CLI, shutdown). */
  async idle(): Promise<void> {
    while (this.running > 0 || this.waiting.length > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift() as Entry;
      this.running++;
      void this.execute(entry).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async execute(entry: Entry): Promise<void> {
    entry.info.state = 'running';
    entry.info.stage = 'start';
    this.emit(entry, true);
    try {
      const result = await entry.run({
        signal: entry.controller.signal,
        progress: (stage, fraction, etaSec) => {
          const stageChanged = stage !== entry.info.stage;
          entry.info.stage = stage;
          entry.info.fraction = fraction === null ? null : Math.max(0, Math.min(1, fraction));
          if (etaSec !== undefined) entry.info.etaSec = etaSec === null ? null : Math.round(etaSec);
          this.emit(entry, stageChanged);
        },
      });
      if (result) entry.info.result = result;
      entry.info.fraction = 1;
      this.finish(entry, 'done');
    } catch (e) {
      if (isRisalahError(e) && e.code === 'CANCELLED') {
        this.finish(entry, 'cancelled');
      } else if (isRisalahError(e)) {
        entry.info.error = { code: e.code, message: e.message, params: e.params };
        this.finish(entry, 'failed');
      } else {
        this.log(`job ${entry.info.id} (${entry.info.label}) failed`, e);
        entry.info.error = { code: 'INTERNAL' satisfies ErrorCode, message: 'internal error (see the log)' };
        this.finish(entry, 'failed');
      }
    }
  }

  private finish(entry: Entry, state: 'done' | 'failed' | 'cancelled'): void {
    entry.info.state = state;
    entry.info.stage = state;
    entry.info.finishedAt = new Date().toISOString();
    this.emit(entry, true);
    this.lastEmit.delete(entry.info.id);
    const finished = [...this.entries.values()].filter((e) => !['queued', 'running'].includes(e.info.state));
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.entries.delete(old.info.id);
  }

  private emit(entry: Entry, force: boolean): void {
    const now = Date.now();
    if (!force && now - (this.lastEmit.get(entry.info.id) ?? 0) < PROGRESS_INTERVAL_MS) return;
    this.lastEmit.set(entry.info.id, now);
    this.onChange({ ...entry.info });
  }
}
