/**
 * End to end: transcription in Debian's Chromium against `risalah serve` on its own archive,
 * models folder, cache and config — no model at first (the message points to Settings › Model),
 * importing the random-weight test model through the file picker, a catalog download that fails
 * offline, transcribing a speech clip with a silent stretch (progress, live segments, the
 * finished transcript), reload, seeking from a segment, cancel and "Lanjutkan", the job queue.
 *
 * The random model talks garbage until its token cap: RISALAH_WHISPER_MAX_TOKENS=4 keeps a run
 * of the 27 s clip to a few seconds. Each test starts from its own state (its own server, folders
 * and page): the event with its recording, then the test model installed, then the recording
 * transcribed — made once through the host's API and copied for each test.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClock } from '../../main/api/format';
import type { MachineTranscript } from '../../main/api/schemas';
import { testModel } from '../helpers/engine';
import type { HostClient } from '../helpers/host-client';
import { e2eSuite, type ServedPage, type ServerState } from '../helpers/served-page';
import { speechWithSilence, type SpeechFile } from '../helpers/speech';
import { repoRoot, tempDir } from '../helpers/tmp';

const suite = e2eSuite({ name: 'transcription', env: { RISALAH_WHISPER_MAX_TOKENS: '4' }, chromiumArgs: ['--autoplay-policy=no-user-gesture-required'] });
let sp: ServedPage;
let page: Page;
let media: ReturnType<typeof tempDir>;
let speech: SpeechFile;
let clip: string;
let modelFile: string;
/** The event with the speech clip as its recording; no model. */
let withRecording: ServerState;
/** …and the test model installed (and so in use). */
let withModel: ServerState;
/** …and the recording transcribed. */
let transcribed: ServerState;

const TITLE = 'Upacara Hari Bhakti Pemasyarakatan ke-61';
const CLIP_NAME = 'Amanat Kalapas.wav';
const TRANSCRIBE_TIMEOUT = 120_000;
const screens = path.join(repoRoot, 'test-results', 'screens');

/** What the tests read of a media element (this project's tsconfig has no DOM types). */
interface Media {
  currentTime: number;
  paused: boolean;
  pause(): void;
}

/** The page's globals the tests touch. */
interface Win {
  liveMax: number;
  document: { body: unknown; querySelectorAll(selector: string): { length: number } };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void };
}
const isFocused = (el: unknown) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement;

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(screens, `${name}.png`) });
}

function eventDir(): string {
  const archive = sp.dirs.archive;
  const ids = readdirSync(path.join(archive, 'events'));
  expect(ids).toHaveLength(1);
  return path.join(archive, 'events', ids[0] as string);
}

function machineTranscript(): MachineTranscript {
  const dir = path.join(eventDir(), 'transcripts');
  const file = readdirSync(dir).find((f) => f.endsWith('.machine.json'));
  if (!file) throw new Error(`no machine transcript in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as MachineTranscript;
}

async function jobsOfHost(): Promise<{ kind: string; state: string }[]> {
  return page.evaluate(async () => {
    const res = await fetch('/api/call/jobs.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return ((await res.json()) as { value: { kind: string; state: string }[] }).value;
  });
}

const recording = () => page.getByRole('region', { name: 'Rekaman' }).locator('article.recording');
const transcription = () => recording().locator('.transcription');
const modelSection = () => page.getByRole('region', { name: 'Model', exact: true });

/** A test of its own: its server on a copy of `from`, its page. */
async function open(from: ServerState): Promise<void> {
  sp = await suite.open(from);
  page = sp.page;
}

async function eventId(host: HostClient): Promise<string> {
  return (await host.call('events.list', {})).events[0]?.id as string;
}

/** Open the event's page (of a copied state). */
async function openEvent(from: ServerState): Promise<void> {
  await open(from);
  await page.goto(`${sp.served.origin}/#/events/${await eventId(sp.host)}`);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await recording().waitFor();
}

/** Open Settings › Model (of a copied state). */
async function openModelSettings(from: ServerState): Promise<void> {
  await open(from);
  await page.goto(`${sp.served.origin}/#/settings/model`);
  await page.getByRole('heading', { level: 1, name: 'Pengaturan' }).waitFor();
}

async function importModel(host: HostClient): Promise<void> {
  const { uploadId } = await host.upload(modelFile);
  const { job } = await host.call('models.import', { uploadId });
  await host.job(job);
}

beforeAll(async () => {
  media = tempDir('risalah-e2e-transcription-media-');
  speech = await speechWithSilence(15);
  clip = path.join(media.dir, CLIP_NAME);
  copyFileSync(speech.path, clip);
  modelFile = await testModel('tiny');

  withRecording = await suite.state(async (host) => {
    const event = await host.call('events.create', { title: TITLE, date: '2025-04-27', type: 'upacara' });
    const { uploadId } = await host.upload(clip);
    const { jobs } = await host.call('recordings.import', { eventId: event.id, uploads: [{ uploadId }] });
    await host.job(jobs[0]!);
  });
  withModel = await suite.state(importModel, withRecording);
  transcribed = await suite.state(async (host) => {
    const event = await host.call('events.get', { id: await eventId(host) });
    const { jobs } = await host.call('transcripts.start', { eventId: event.id, recordingIds: [event.recordings[0]?.id as string] });
    await host.job(jobs[0]!);
  }, withModel);
}, 300_000);
afterAll(() => media?.cleanup());

describe('transcription in the browser', () => {
  it('says a model is needed when none is installed, with a link to Settings › Model', async () => {
    await openEvent(withRecording);
    // No transcript yet: the button, and which language it will use.
    await transcription().getByText('Bahasa: Bahasa Indonesia').waitFor();

    await transcription().getByRole('button', { name: /^Transkripsikan/ }).click();
    const alert = transcription().getByRole('alert').filter({ hasText: 'Model Whisper belum terpasang' });
    await alert.waitFor();
    const link = alert.getByRole('link', { name: 'Buka Pengaturan › Model' });
    expect(await link.getAttribute('href')).toBe('#/settings/model');
    expect((await jobsOfHost()).filter((j) => j.kind === 'transcribe')).toEqual([]);

    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Pengaturan' }).waitFor();
    await modelSection().getByText('Belum ada model terpasang.').waitFor();
    await modelSection().getByText('flashdisk').first().waitFor();
    expect(await modelSection().evaluate(isFocused)).toBe(true);
    await screenshot('settings-model-none');
  });

  it('imports the test model file: installed, unverified with its warning, and in use', async () => {
    await openModelSettings(withRecording);
    const section = modelSection();
    await section.getByText('Belum ada model terpasang.').waitFor();
    await section.getByLabel('Impor berkas model').setInputFiles(modelFile);
    const file = path.basename(modelFile);
    const row = section.getByRole('listitem', { name: file });
    await row.waitFor({ timeout: 60_000 });
    await section.getByText('Model terpasang.').waitFor();
    const text = await row.textContent();
    expect(text).toContain('Belum terverifikasi');
    expect(text).toContain('Dipakai');
    expect(text).toContain('tidak ada di katalog');
    expect(existsSync(path.join(sp.dirs.data, 'models', file))).toBe(true);
    await section.getByText('Belum ada model terpasang.').waitFor({ state: 'detached' });
    await section.scrollIntoViewIfNeeded();
    await screenshot('settings-model-installed');
  });

  it('fails a catalog download offline with the translated message, and installs nothing', async () => {
    await openModelSettings(withModel);
    await modelSection().getByRole('listitem', { name: path.basename(modelFile) }).waitFor();
    const recommended = modelSection().getByRole('group', { name: 'Disarankan untuk komputer ini' });
    await recommended.getByRole('button', { name: /^Unduh / }).click();
    await recommended
      .getByRole('alert')
      .filter({ hasText: 'Server unduhan tidak dapat dihubungi: komputer ini tampaknya tidak terhubung ke internet.' })
      .waitFor({ timeout: 60_000 });
    expect(await modelSection().locator('.model-row').count()).toBe(1);
    expect(readdirSync(path.join(sp.dirs.data, 'models')).filter((f) => f.endsWith('.bin'))).toEqual([path.basename(modelFile)]);
    await recommended.scrollIntoViewIfNeeded();
    await screenshot('settings-model-offline');
  });

  it('transcribes the recording: progress, segments arriving live, then the finished transcript', async () => {
    await openEvent(withModel);
    // Count the segments shown while the transcript is live (they must arrive one by one).
    await page.evaluate(() => {
      const w = globalThis as unknown as Win;
      w.liveMax = 0;
      new w.MutationObserver(() => {
        w.liveMax = Math.max(w.liveMax, w.document.querySelectorAll('.transcript[data-mode="live"] .segment').length);
      }).observe(w.document.body, { childList: true, subtree: true });
    });

    await transcription().getByRole('button', { name: /^Transkripsikan/ }).click();
    const progress = transcription().getByRole('progressbar', { name: /^Kemajuan transkripsi/ });
    await progress.waitFor({ timeout: 30_000 });
    await transcription().getByRole('button', { name: /^Batalkan/ }).waitFor();
    await screenshot('event-transcribing');

    await page.locator('.transcription[data-state="done"]').waitFor({ timeout: TRANSCRIBE_TIMEOUT });
    expect(await page.evaluate(() => (globalThis as unknown as Win).liveMax)).toBeGreaterThan(0);

    const machine = machineTranscript();
    const n = machine.segments.length;
    expect(n).toBeGreaterThan(0);
    expect(await transcription().locator('.transcript-segment-count').textContent()).toBe(`${n} segmen`);
    const view = transcription().locator('.transcript[data-mode="final"]');
    await view.waitFor();
    expect(await view.locator('.segment').count()).toBe(n);
    expect(await view.locator('.segment-time').first().textContent()).toBe(formatClock(machine.segments[0]?.start ?? 0));
    // What the VAD skipped is told (the clip has 15 s of silence).
    expect(await transcription().locator('.transcript-facts').textContent()).toContain(
      `${formatClock(machine.stats.skippedSec)} dari ${formatClock(machine.stats.audioSec)}`,
    );
    expect(await transcription().getByRole('progressbar').count()).toBe(0);
    await recording().scrollIntoViewIfNeeded();
    await screenshot('event-transcript');
  });

  it('still shows the transcript after a reload, and a segment time plays the recording from there', async () => {
    await openEvent(transcribed);
    await page.reload();
    const view = transcription().locator('.transcript[data-mode="final"]');
    await view.locator('.segment').first().waitFor();
    const machine = machineTranscript();
    expect(await view.locator('.segment').count()).toBe(machine.segments.length);

    const last = machine.segments.at(-1);
    if (!last) throw new Error('no segment');
    expect(last.start).toBeGreaterThan(speech.silence.endSec - 1); // after the silent stretch
    await view.getByRole('button', { name: `Dengarkan dari ${formatClock(last.start)}` }).click();
    const audio = await recording().locator('audio').elementHandle();
    await page.waitForFunction(
      ([el, start]) => !(el as unknown as Media).paused && Math.abs((el as unknown as Media).currentTime - (start as number)) < 1.5,
      [audio, last.start] as const,
      { timeout: 15_000 },
    );
    await recording().getByRole('button', { name: /^Jeda / }).click();
    await page.waitForFunction((el) => (el as unknown as Media).paused, audio);
  });

  it('cancels a new run, offers "Lanjutkan" (also after a reload) and continues to the end', async () => {
    await openEvent(transcribed);
    await transcription().locator('.transcript[data-mode="final"] .segment').first().waitFor();
    await transcription().getByRole('button', { name: /^Transkripsikan ulang/ }).click();
    await transcription().getByRole('button', { name: /^Batalkan/ }).click();
    await transcription().getByRole('button', { name: /^Lanjutkan/ }).waitFor({ timeout: 30_000 });
    await transcription().getByText('Transkripsi dibatalkan.').waitFor();
    expect(await transcription().getAttribute('data-state')).toBe('interrupted');

    // The journal of the interrupted run is on disk: a reload still offers to continue.
    await page.reload();
    await transcription().getByRole('button', { name: /^Lanjutkan/ }).waitFor();
    // The finished transcript stays shown meanwhile.
    await transcription().locator('.transcript[data-mode="final"] .segment').first().waitFor();

    // The queue (from the host's list, so also after the reload) tells what became of the run.
    await page.getByRole('button', { name: /^Antrean/ }).click();
    const queue = page.getByRole('region', { name: 'Antrean pekerjaan' });
    await queue.waitFor();
    const cancelled = queue.locator('.queue-row[data-kind="transcribe"]').first();
    expect(await cancelled.textContent()).toContain('Dibatalkan');
    await page.keyboard.press('Escape');
    await queue.waitFor({ state: 'detached' });

    await transcription().getByRole('button', { name: /^Lanjutkan/ }).click();
    await page.locator('.transcription[data-state="done"] .transcript[data-mode="final"]').waitFor({ timeout: TRANSCRIBE_TIMEOUT });
    expect(existsSync(path.join(eventDir(), 'transcripts'))).toBe(true);
    expect(readdirSync(path.join(eventDir(), 'transcripts')).filter((f) => f.endsWith('.journal.jsonl'))).toEqual([]);
  });

  it('lists every kind of job in the queue with what became of each, also after a reload', async () => {
    await open(withRecording);
    // This host's work: an import, a model installed and a catalog download that fails offline.
    const { uploadId } = await sp.host.upload(clip, 'Amanat Kalapas (salinan).wav');
    const { jobs } = await sp.host.call('recordings.import', { eventId: await eventId(sp.host), uploads: [{ uploadId }] });
    await sp.host.job(jobs[0]!);
    await importModel(sp.host);
    const { job: download } = await sp.host.call('models.download', { id: (await sp.host.call('models.list', {})).recommended.id });
    await sp.host.job(download, 'failed');

    await page.goto(sp.served.url);
    for (const round of ['opened', 'reloaded']) {
      if (round === 'reloaded') await page.reload();
      await page.getByRole('button', { name: /^Antrean/ }).click();
      const queue = page.getByRole('region', { name: 'Antrean pekerjaan' });
      await queue.waitFor();
      expect(await queue.locator('.queue-row[data-kind="import"]').count()).toBe(1);
      expect(await queue.locator('.queue-row[data-kind="model"]').count()).toBe(2);
      expect(await queue.locator('.queue-row.queue-failed').textContent()).toContain('Server unduhan tidak dapat dihubungi');
      if (round === 'opened') await screenshot('queue');
      await page.keyboard.press('Escape');
      await queue.waitFor({ state: 'detached' });
    }
  });

  it('sets the CPU threads, and deletes the model after a confirmation', async () => {
    await open(withModel);
    await page.goto(sp.served.url);
    await page.getByRole('link', { name: 'Pengaturan', exact: true }).click();
    const section = modelSection();
    const threads = section.getByLabel('Utas CPU untuk transkripsi');
    expect(await threads.inputValue()).toBe('0');
    expect(await threads.locator('option').first().textContent()).toMatch(/^Otomatis \(\d+ utas\)$/);
    await threads.selectOption('1');
    await section.getByText('Tersimpan', { exact: true }).waitFor();
    const configDir = sp.dirs.config;
    const config = readdirSync(configDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(path.join(configDir, f), 'utf8'));
    expect(config.join('\n')).toMatch(/"threads":\s*1/);

    const file = path.basename(modelFile);
    const row = section.getByRole('listitem', { name: file });
    await row.getByRole('button', { name: /^Hapus/ }).click();
    await row.getByRole('button', { name: 'Ya, hapus' }).click();
    await section.getByText('Belum ada model terpasang.').waitFor();
    expect(existsSync(path.join(sp.dirs.data, 'models', file))).toBe(false);
  });
});
