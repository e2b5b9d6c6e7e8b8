/**
 * End to end: from a transcript to an attributable quote, in Debian's Chromium against
 * `risalah serve` on a temporary archive (no Whisper: the transcript is an imported SRT).
 *
 * An event with the speech clip as its recording; "Mashudi" in the speaker directory; an SRT
 * whose lines carry `Mashudi:` and `Anda Tuning:` imported in the editor (Mashudi linked at
 * once); the second speaker linked to a new directory person; Mashudi's words selected and saved
 * as a quote; in the library the attribution copied exactly, the clip played and the quote
 * marked as checked; a word corrected, autosaved, kept across a reload and undone; the keyboard
 * (play/pause, ±5 s, speed, speakers, split); exports; the event page's speakers and quote sheet;
 * Settings › Arsip.
 *
 * Each test starts from its own state (its own server, archive and page), made once through the
 * host's API and copied for each test: the event with its recording; with Mashudi in the directory
 * and a machine transcript; with the SRT imported instead; with Anda Tuning linked to a new
 * directory person; with Mashudi's words saved as a quote.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineTranscript, Quote, TranscriptWord, WorkingTranscript } from '../../main/api/schemas';
import type { HostClient } from '../helpers/host-client';
import { createEventInUi, e2eSuite, type ServedPage, type ServerState } from '../helpers/served-page';
import { speechWithSilence, type SpeechFile } from '../helpers/speech';
import { repoRoot, tempDir } from '../helpers/tmp';

const suite = e2eSuite({
  name: 'editor',
  chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
  context: { permissions: ['clipboard-read', 'clipboard-write'] },
  ignoreConsole: /favicon/,
});
let sp: ServedPage;
let page: Page;
let media: ReturnType<typeof tempDir>;
let speech: SpeechFile;
let clip: string;
let srt: string;
let editorUrl = '';
/** The event with the speech clip as its recording. */
let recorded: ServerState;
/** …Mashudi in the directory, and a machine transcript with word times. */
let machineMade: ServerState;
/** …Mashudi in the directory, and the SRT imported as the transcript (Mashudi linked at once). */
let imported: ServerState;
/** …and Anda Tuning linked to a new directory person, Kepala Rutan Kudus. */
let linked: ServerState;
/** …and Mashudi's words saved as a quote. */
let quoted: ServerState;

const TITLE = 'Penandatanganan MoU Ditjenpas dan Rutan Kudus';
const MASHUDI_WORDS = 'Hari ini Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman.';
const ANDA_WORDS = 'Kolaborasi ini untuk pembinaan warga binaan yang lebih baik.';
const MACHINE_B = 'Hari ini Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman.';
const DIRJEN = 'Direktur Jenderal Pemasyarakatan';
const KARUTAN = 'Kepala Rutan Kelas IIB Kudus';
const screens = path.join(repoRoot, 'test-results', 'screens');

/** What the tests read of a media element (this project's tsconfig has no DOM types). */
interface Media {
  currentTime: number;
  paused: boolean;
  playbackRate: number;
  src: string;
  pause(): void;
}

/** The page's globals the tests touch (this project's tsconfig for tests has no DOM types). */
interface El {
  textContent: string | null;
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
}
interface Rect {
  left: number;
  right: number;
  top: number;
  height: number;
}
interface W {
  document: {
    querySelector(selector: string): El | null;
    querySelectorAll(selector: string): ArrayLike<El>;
    createRange(): { selectNodeContents(node: El): void; getClientRects(): ArrayLike<Rect> };
  };
  scrollTo(x: number, y: number): void;
  navigator: { clipboard: { readText(): Promise<string> } };
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(screens, `${name}.png`) });
}

function eventDir(archive = sp.dirs.archive): string {
  const ids = readdirSync(path.join(archive, 'events'));
  expect(ids).toHaveLength(1);
  return path.join(archive, 'events', ids[0] as string);
}

function workingOnDisk(): WorkingTranscript {
  const dir = path.join(eventDir(), 'transcripts');
  const file = readdirSync(dir).find((f) => f.endsWith('.json') && !f.endsWith('.machine.json'));
  if (!file) throw new Error(`no working transcript in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as WorkingTranscript;
}

function recordingId(archive = sp.dirs.archive): string {
  const event = JSON.parse(readFileSync(path.join(eventDir(archive), 'event.json'), 'utf8')) as { recordings: { id: string }[] };
  return event.recordings[0]?.id as string;
}

/** Words spread evenly over a span (as Whisper's word times would be). */
function wordsOver(text: string, start: number, end: number, lowWord?: string): TranscriptWord[] {
  const tokens = text.split(' ');
  const step = (end - start) / tokens.length;
  return tokens.map((w, i) => ({
    text: w,
    start: Math.round((start + i * step) * 100) / 100,
    end: Math.round((start + (i + 1) * step - 0.05) * 100) / 100,
    p: w === lowWord ? 0.3 : 0.9,
  }));
}

/** A machine transcript with word times for the recording, as a finished transcription leaves it. */
function writeMachineTranscript(archive: string): MachineTranscript {
  const rec = recordingId(archive);
  const segs: [string, number, number][] = [
    ['Selamat pagi.', 0.3, 1.3],
    [MACHINE_B, 1.4, 5.8],
    ['Kolaborasi ini untuk pembinaan warga binaan yang lebih baik, ungkap Mashudi.', 21, 26.5],
  ];
  const machine: MachineTranscript = {
    formatVersion: 1,
    recordingId: rec,
    createdAt: new Date().toISOString(),
    engine: 'whisper.cpp test',
    model: { id: 'small-q8_0', file: 'ggml-small-q8_0.bin', sha256: null },
    language: 'id',
    detectedLanguage: 'id',
    prompt: '',
    replacements: [],
    segments: segs.map(([text, start, end], i) => ({
      id: `s000${i + 1}`,
      start,
      end,
      text,
      words: wordsOver(text, start, end, 'kesepahaman.'),
      noSpeechProb: 0.01,
    })),
    stats: { audioSec: speech.durationSec, coveredSec: 12, skippedSec: 15, wallSec: 3, windows: 2, restarts: 0 },
  };
  mkdirSync(path.join(eventDir(archive), 'transcripts'), { recursive: true });
  writeFileSync(path.join(eventDir(archive), 'transcripts', `${rec}.machine.json`), JSON.stringify(machine));
  return machine;
}

function quotesOnDisk(): Quote[] {
  return (JSON.parse(readFileSync(path.join(eventDir(), 'quotes.json'), 'utf8')) as { quotes: Quote[] }).quotes;
}

function directoryOnDisk(): { name: string; title: string; id: string }[] {
  return (JSON.parse(readFileSync(path.join(sp.dirs.archive, 'archive.json'), 'utf8')) as { speakers: { name: string; title: string; id: string }[] }).speakers;
}

const nav = () => page.getByRole('navigation', { name: 'Risalah' });
const segment = (n: number) => page.locator('.ed-seg').nth(n);
const segText = (n: number) => segment(n).locator('.seg-text');
const saveStatus = () => page.locator('.save-status');
const audio = () => page.locator('audio').first();

/** Wait until the editor has saved everything (and the file on disk has the text). */
async function waitSaved(contains?: string): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as W).document.querySelector('.save-status')?.getAttribute('data-state') === 'saved', undefined, { timeout: 20_000 });
  if (contains) await expect.poll(() => JSON.stringify(workingOnDisk().segments.map((s) => s.text)), { timeout: 10_000 }).toContain(contains);
}

/** Drag the mouse over the whole text of a segment (as a writer selects a quote). */
async function selectWholeSegment(n: number): Promise<void> {
  const box = await page.evaluate((i) => {
    const { document } = globalThis as unknown as W;
    const el = document.querySelectorAll('.ed-seg .seg-text')[i] as El;
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = range.getClientRects();
    const first = rects[0] as Rect;
    const last = rects[rects.length - 1] as Rect;
    return { x0: first.left + 1, y0: first.top + first.height / 2, x1: last.right - 1, y1: last.top + last.height / 2 };
  }, n);
  await page.mouse.move(box.x0, box.y0);
  await page.mouse.down();
  await page.mouse.move((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, { steps: 4 });
  await page.mouse.move(box.x1, box.y1, { steps: 4 });
  await page.mouse.up();
}

/** A test of its own: its server on a copy of `from` (empty without), its page. */
async function open(from?: ServerState): Promise<void> {
  sp = await suite.open(from);
  page = sp.page;
}

/** The event and its recording (of the archive the host serves). */
async function recordingOf(host: HostClient): Promise<{ eventId: string; recordingId: string }> {
  const event = (await host.call('events.list', {})).events[0]!;
  return { eventId: event.id, recordingId: (await host.call('events.get', { id: event.id })).recordings[0]?.id as string };
}

/** Open the recording's transcript editor (of a copied state). */
async function openEditor(from: ServerState): Promise<void> {
  await open(from);
  const { eventId, recordingId: rec } = await recordingOf(sp.host);
  editorUrl = `${sp.served.origin}/#/events/${eventId}/recordings/${rec}`;
  await page.goto(editorUrl);
  await page.getByRole('heading', { level: 1, name: 'Sambutan MoU.wav' }).waitFor();
  await segText(0).waitFor();
}

const addMashudi = (host: HostClient) => host.call('speakers.add', { name: 'Mashudi', title: DIRJEN, org: 'Ditjenpas Kemenimipas' });

beforeAll(async () => {
  media = tempDir('risalah-e2e-editor-media-');
  speech = await speechWithSilence(15);
  expect(speech.durationSec).toBeGreaterThan(24.5);
  clip = path.join(media.dir, 'Sambutan MoU.wav');
  writeFileSync(clip, readFileSync(speech.path));
  srt = path.join(media.dir, 'sambutan.srt');
  writeFileSync(
    srt,
    ['1', '00:00:01,000 --> 00:00:04,500', `Mashudi: ${MASHUDI_WORDS}`, '', '2', '00:00:21,000 --> 00:00:24,000', `Anda Tuning: ${ANDA_WORDS}`, ''].join('\n'),
  );

  recorded = await suite.state(async (host) => {
    const event = await host.call('events.create', { title: TITLE, date: '2025-07-01', type: 'penandatanganan' });
    const { uploadId } = await host.upload(clip);
    const { jobs } = await host.call('recordings.import', { eventId: event.id, uploads: [{ uploadId }] });
    await host.job(jobs[0]!);
  });
  machineMade = await suite.state(async (host, dirs) => {
    await addMashudi(host);
    writeMachineTranscript(dirs.archive);
  }, recorded);
  imported = await suite.state(async (host) => {
    await addMashudi(host);
    const { eventId, recordingId: rec } = await recordingOf(host);
    const { uploadId } = await host.upload(srt);
    await host.call('transcripts.import', { eventId, recordingId: rec, uploadId });
  }, recorded);
  linked = await suite.state(async (host) => {
    const { eventId, recordingId: rec } = await recordingOf(host);
    const anda = await host.call('speakers.add', { name: 'Anda Tuning', title: KARUTAN });
    const working = (await host.call('transcripts.get', { eventId, recordingId: rec })).working;
    if (!working) throw new Error('no working transcript');
    await host.call('transcripts.save', {
      eventId,
      recordingId: rec,
      baseRev: working.rev,
      labels: working.labels.map((l) => (l.name === 'Anda Tuning' ? { ...l, speakerId: anda.id } : l)),
      segments: working.segments.map(({ id, start, end, text, words, speaker }) => ({ id, start, end, text, words, speaker })),
    });
  }, imported);
  quoted = await suite.state(async (host) => {
    const { eventId, recordingId: rec } = await recordingOf(host);
    await host.call('quotes.add', { eventId, recordingId: rec, start: 1, end: 4.5 });
  }, linked);
});
afterAll(() => media?.cleanup());

describe('transcript editor, speakers and quotes in the browser', () => {
  it('creates an event with the speech recording', async () => {
    await open();
    await page.goto(sp.served.url);
    await createEventInUi(page, { title: TITLE, date: '2025-07-01', type: 'penandatanganan' });
    await page.getByRole('region', { name: 'Rekaman' }).getByLabel('Pilih berkas').setInputFiles(clip);
    await page.locator('article.recording').waitFor({ timeout: 60_000 });
  });

  it('adds Mashudi to the speaker directory', async () => {
    await open();
    await page.goto(sp.served.url);
    await nav().getByRole('link', { name: 'Pembicara' }).click();
    await page.getByRole('heading', { level: 1, name: 'Direktori pembicara' }).waitFor();
    const form = page.getByRole('form', { name: 'Tambah orang' });
    await form.getByLabel('Nama', { exact: true }).fill('Mashudi');
    await form.getByLabel('Jabatan', { exact: true }).fill(DIRJEN);
    await form.getByLabel('Instansi', { exact: true }).fill('Ditjenpas Kemenimipas');
    await form.getByRole('button', { name: 'Tambah ke direktori' }).click();
    const row = page.locator('tr[data-speaker-id]').filter({ hasText: 'Mashudi' });
    await row.waitFor();
    expect(await row.textContent()).toContain(DIRJEN);
    expect(directoryOnDisk()).toMatchObject([{ name: 'Mashudi', title: DIRJEN }]);
    await screenshot('speakers-directory');
  });

  it('opens the editor on a machine transcript: the word heard is highlighted, a click on a word seeks to it', async () => {
    await open(machineMade);
    await page.goto(`${sp.served.origin}/#/events/${(await recordingOf(sp.host)).eventId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const link = page.getByRole('link', { name: /^Buka editor transkrip/ });
    await link.scrollIntoViewIfNeeded();
    await screenshot('event-recording');
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Sambutan MoU.wav' }).waitFor();
    editorUrl = page.url();
    expect(editorUrl).toMatch(/#\/events\/2025-07-01-[a-z0-9-]+\/recordings\/rec-[a-z0-9]+$/);
    await segText(2).waitFor();
    expect(await page.locator('.ed-seg').count()).toBe(3);
    expect(await segText(1).locator('.w').count()).toBe(8);
    expect(await segText(1).locator('.word-low').textContent()).toBe('kesepahaman.');

    // A click on "Pemasyarakatan" (word 4 of the segment) seeks to its time and highlights it.
    const word = segText(1).locator('.w[data-w="4"]');
    await word.click();
    const wordStart = wordsOver(MACHINE_B, 1.4, 5.8)[4]?.start as number;
    await expect.poll(() => audio().evaluate((a) => (a as unknown as Media).currentTime)).toBeCloseTo(wordStart, 1);
    await page.waitForFunction(() => (globalThis as unknown as W).document.querySelector('.w-now')?.textContent === 'Pemasyarakatan');
    expect(await segment(1).getAttribute('aria-current')).toBe('true');
    // Playing moves the highlight on to the next words.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => ['menandatangani', 'nota', 'kesepahaman.'].includes((globalThis as unknown as W).document.querySelector('.w-now')?.textContent ?? ''), undefined, {
      timeout: 15_000,
    });
    await page.keyboard.press('Escape');
    await page.waitForFunction((a) => (a as unknown as Media).paused, await audio().elementHandle());
    await page.evaluate(() => (globalThis as unknown as W).scrollTo(0, 0));
    await screenshot('editor-machine');
  });

  it('corrects a machine word: the word times stay, the segment is marked edited and can be reverted', async () => {
    await openEditor(machineMade);
    // Double-click selects the word; typing replaces it.
    await segText(1).locator('.w[data-w="5"]').dblclick();
    await page.keyboard.type('meneken');
    const corrected = MACHINE_B.replace('menandatangani', 'meneken');
    expect(await segText(1).textContent()).toBe(corrected);
    await waitSaved(corrected);
    const saved = workingOnDisk().segments[1];
    const machineWords = wordsOver(MACHINE_B, 1.4, 5.8, 'kesepahaman.');
    expect(saved?.words).toHaveLength(8);
    expect(saved?.words[5]).toEqual({ ...machineWords[5], text: 'meneken', p: 1 });
    expect(saved?.words[4]).toEqual(machineWords[4]);
    const badge = segment(1).getByRole('button', { name: 'Diubah' });
    await badge.click();
    expect(await segment(1).locator('.ed-machine').textContent()).toContain(MACHINE_B);
    await segment(1).getByRole('button', { name: /^Kembalikan ke teks mesin/ }).click();
    expect(await segText(1).textContent()).toBe(MACHINE_B);
    expect(await segment(1).getByRole('button', { name: 'Diubah' }).count()).toBe(0);
    await waitSaved(MACHINE_B);
    expect(workingOnDisk().segments[1]?.words).toEqual(machineWords);

    // Enter before "Direktorat" splits at that word's time.
    await segText(1).locator('.w[data-w="0"]').click();
    await page.keyboard.press('Home');
    for (let i = 0; i < 'Hari ini '.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.locator('.ed-seg').nth(3).waitFor();
    expect(await segText(2).textContent()).toBe('Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman.');
    await waitSaved();
    const split = workingOnDisk().segments;
    expect(split).toHaveLength(4);
    expect(split[1]?.end).toBe(machineWords[2]?.start);
    expect(split[2]?.start).toBe(machineWords[2]?.start);
    expect(split[2]?.words.map((w) => w.text)).toEqual(MACHINE_B.split(' ').slice(2));
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => (globalThis as unknown as W).document.querySelectorAll('.ed-seg').length === 3);
    await waitSaved();
  });

  it('imports an SRT over it (asked first): labels from the prefixes, Mashudi linked', async () => {
    await openEditor(machineMade);
    await page.getByLabel('Impor transkrip').setInputFiles(srt);
    await page.getByRole('alertdialog', { name: 'Ganti transkrip' }).getByRole('button', { name: 'Ganti' }).click();
    await page.waitForFunction(() => (globalThis as unknown as W).document.querySelectorAll('.ed-seg').length === 2);
    expect(await segText(0).textContent()).toBe(MASHUDI_WORDS);
    expect(await segText(1).textContent()).toBe(ANDA_WORDS);
    const panel = page.getByRole('region', { name: 'Pembicara' });
    const mashudi = panel.locator('.label-item').filter({ hasText: 'Mashudi' });
    const anda = panel.locator('.label-item').filter({ hasText: 'Anda Tuning' });
    expect(await mashudi.locator('.label-title').textContent()).toBe(DIRJEN);
    expect(await anda.locator('.label-unlinked').textContent()).toBe('belum tertaut ke direktori');
    expect(await segment(0).getByRole('combobox', { name: /^Pembicara segmen/ }).locator('option:checked').textContent()).toBe('Mashudi');
    expect(await segment(0).locator('.ed-seg-title').textContent()).toBe(DIRJEN);
    expect(await segment(1).getByRole('combobox', { name: /^Pembicara segmen/ }).locator('option:checked').textContent()).toBe('Anda Tuning');

    const onDisk = workingOnDisk();
    expect(onDisk).toMatchObject({ source: 'import', imported: { format: 'srt' } });
    const dirjenId = directoryOnDisk()[0]?.id;
    expect(onDisk.labels).toEqual([
      { id: 'p1', name: 'Mashudi', speakerId: dirjenId },
      { id: 'p2', name: 'Anda Tuning', speakerId: null },
    ]);
  });

  it('links the second speaker to a new directory person; every segment of the label follows', async () => {
    await openEditor(imported);
    const panel = page.getByRole('region', { name: 'Pembicara' });
    const anda = panel.locator('.label-item').filter({ hasText: 'Anda Tuning' });
    await anda.getByRole('button', { name: /^Tautkan ke direktori/ }).click();
    await anda.getByLabel('Orang di direktori').selectOption({ label: '＋ Orang baru di direktori…' });
    expect(await anda.getByLabel('Nama', { exact: true }).inputValue()).toBe('Anda Tuning');
    await anda.getByLabel('Jabatan', { exact: true }).fill(KARUTAN);
    await anda.getByRole('button', { name: 'Tambah ke direktori dan tautkan' }).click();
    await anda.locator('.label-title').filter({ hasText: KARUTAN }).waitFor();
    await page.waitForFunction(
      () => ((globalThis as unknown as W).document.querySelectorAll('.ed-seg')[1]?.querySelector('.ed-seg-title')?.textContent ?? '').includes('Kepala Rutan'),
    );
    await waitSaved();
    const person = directoryOnDisk().find((s) => s.name === 'Anda Tuning');
    expect(person?.title).toBe(KARUTAN);
    expect(workingOnDisk().labels[1]).toEqual({ id: 'p2', name: 'Anda Tuning', speakerId: person?.id });
  });

  it('saves the words of Mashudi selected in the transcript as a quote', async () => {
    await openEditor(linked);
    await selectWholeSegment(0);
    const float = page.locator('.quote-float');
    await float.waitFor();
    await screenshot('editor-selection');
    await float.click();
    await page.locator('.toast').getByText('Kutipan disimpan.').waitFor();
    const quotes = quotesOnDisk();
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({ text: MASHUDI_WORDS, speakerName: 'Mashudi', speakerTitle: DIRJEN, start: 1, end: 4.5, checked: false });
    await page.getByRole('region', { name: 'Kutipan dari rekaman ini' }).getByText(MASHUDI_WORDS, { exact: false }).waitFor();
    await page.evaluate(() => (globalThis as unknown as W).scrollTo(0, 0));
    await screenshot('editor');
  });

  it('copies the quote as news attribution from the library, plays its clip and marks it checked', async () => {
    await open(quoted);
    await page.goto(sp.served.url);
    await nav().getByRole('link', { name: 'Kutipan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pustaka kutipan' }).waitFor();
    const card = page.locator('.quote-card').first();
    await card.waitFor();
    expect(await page.locator('.quote-card').count()).toBe(1);

    await card.getByRole('button', { name: 'Salin atribusi' }).click();
    await card.getByRole('button', { name: 'Tersalin ✓' }).waitFor();
    const copied = await page.evaluate(() => (globalThis as unknown as W).navigator.clipboard.readText());
    expect(copied).toBe(`“${MASHUDI_WORDS.replace(/\.$/, '')},” ujar Mashudi, ${DIRJEN}.`);

    await card.getByRole('button', { name: 'Salin teks + sumber' }).click();
    const plain = await page.evaluate(() => (globalThis as unknown as W).navigator.clipboard.readText());
    expect(plain).toBe(`${MASHUDI_WORDS.replace(/\.$/, '')}\n— Mashudi, ${DIRJEN}; ${TITLE}, Selasa, 1 Juli 2025 (0:01–0:04)`);

    // The mark waits for the clip to be heard to its end.
    const check = card.getByRole('checkbox', { name: 'Sudah dicek dengan rekaman' });
    expect(await check.isDisabled()).toBe(true);
    const clipAudio = card.locator('audio');
    expect(await clipAudio.getAttribute('src')).toMatch(/^\/clips\/2025-07-01-[a-z0-9-]+\/qt-[a-z0-9]+\.mp3/);
    const response = page.waitForResponse((r) => r.url().includes('/clips/'));
    await card.getByRole('button', { name: 'Dengarkan klip kutipan' }).click();
    expect((await response).headers()['content-type']).toBe('audio/mpeg');
    await page.waitForFunction((el) => (el as unknown as Media).currentTime > 0, await clipAudio.elementHandle(), { timeout: 20_000 });
    await screenshot('quotes-library');
    await expect.poll(() => check.isDisabled(), { timeout: 30_000 }).toBe(false);
    await check.check();
    await card.getByText(/^dicek /).waitFor();
    await expect.poll(() => quotesOnDisk()[0]?.checked).toBe(true);

    // Filters: not yet checked → none; by speaker → the quote.
    await page.getByLabel(/^Hanya yang belum dicek/).check();
    await page.getByText('Tidak ada kutipan yang cocok').waitFor();
    expect(page.url()).toContain('unchecked=1');
    await page.getByRole('button', { name: 'Hapus saringan' }).click();
    await page.getByLabel('Pembicara', { exact: true }).selectOption({ label: 'Mashudi' });
    await page.locator('.quote-card').first().waitFor();
    await page.getByLabel('Pembicara', { exact: true }).selectOption({ label: 'Anda Tuning' });
    await page.getByText('Tidak ada kutipan yang cocok').waitFor();
    await page.getByRole('button', { name: 'Hapus saringan' }).click();
    await page.locator('.quote-card').first().waitFor();
  });

  it('corrects a word; autosave keeps it across a reload; undo brings the word back (and saves)', async () => {
    await openEditor(linked);
    await segText(1).waitFor();
    // Click into the text of Anda Tuning, go to its end and change "baik." into "bagus.".
    await segText(1).click();
    await page.keyboard.press('End');
    for (let i = 0; i < 'baik.'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('bagus.');
    const edited = ANDA_WORDS.replace('baik.', 'bagus.');
    expect(await segText(1).textContent()).toBe(edited);
    await waitSaved(edited);
    expect(await saveStatus().textContent()).toContain('Tersimpan');

    await page.reload();
    await segText(1).waitFor();
    expect(await segText(1).textContent()).toBe(edited);
    expect(workingOnDisk().segments[1]?.text).toBe(edited);

    await page.locator('body').click({ position: { x: 5, y: 300 } });
    for (let i = 0; i < 3 && (await segText(1).textContent()) !== ANDA_WORDS; i++) await page.keyboard.press('Control+z');
    expect(await segText(1).textContent()).toBe(ANDA_WORDS);
    await waitSaved(ANDA_WORDS);
    expect(workingOnDisk().segments[1]?.text).toBe(ANDA_WORDS);
    // …and redo puts the correction back.
    await page.keyboard.press('Control+Shift+z');
    expect(await segText(1).textContent()).toBe(edited);
    await waitSaved(edited);
  });

  it('plays, seeks and changes speed from the keyboard; a click on a segment time plays from it', async () => {
    await openEditor(linked);
    // The shortcuts panel lists the keys this test presses (it is drawn from the editor's key table).
    const shortcuts = page.getByRole('region', { name: 'Pintasan papan ketik' });
    expect(await shortcuts.locator('dt').allTextContents()).toEqual(expect.arrayContaining(['Esc · Ctrl+Space', 'Alt+← / Alt+→', 'Alt+↓ / Alt+↑', 'Alt+K']));
    expect(await shortcuts.locator('div').filter({ hasText: 'Alt+K' }).locator('dd').textContent()).toBe('Simpan kata-kata yang dipilih sebagai kutipan');
    const el = await audio().elementHandle();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Escape');
    await page.waitForFunction((a) => !(a as unknown as Media).paused && (a as unknown as Media).currentTime > 0.1, el, { timeout: 15_000 });
    await page.keyboard.press('Escape');
    await page.waitForFunction((a) => (a as unknown as Media).paused, el);
    const before = await audio().evaluate((a) => (a as unknown as Media).currentTime);
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => audio().evaluate((a) => (a as unknown as Media).currentTime)).toBeGreaterThan(before + 4.5);
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(async () => Math.abs((await audio().evaluate((a) => (a as unknown as Media).currentTime)) - before)).toBeLessThan(0.5);
    await page.keyboard.press('Alt+ArrowDown');
    expect(await audio().evaluate((a) => (a as unknown as Media).playbackRate)).toBe(0.9);
    expect(await page.locator('.speed-value').textContent()).toBe('0,9×');
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowUp');
    expect(await audio().evaluate((a) => (a as unknown as Media).playbackRate)).toBe(1.1);

    // The time of Anda Tuning's segment plays from 0:21: that segment is the one heard.
    await segment(1).getByRole('button', { name: 'Dengarkan dari 0:21' }).click();
    await page.waitForFunction(() => (globalThis as unknown as W).document.querySelectorAll('.ed-seg')[1]?.classList.contains('ed-seg-now'), undefined, { timeout: 15_000 });
    await page.keyboard.press('Escape');
    await page.waitForFunction((a) => (a as unknown as Media).paused, el);
  });

  it('gives speakers with Alt+digits, splits a segment with Enter, and undoes both', async () => {
    await openEditor(linked);
    // Alt+1 on Anda Tuning's segment: Mashudi (the first label).
    await segText(1).click();
    await page.keyboard.press('Alt+1');
    await page.waitForFunction(() => ((globalThis as unknown as W).document.querySelectorAll('.ed-seg')[1]?.querySelector('select option:checked')?.textContent ?? '').startsWith('Mashudi'));
    await page.keyboard.press('Alt+2');
    await page.waitForFunction(() => ((globalThis as unknown as W).document.querySelectorAll('.ed-seg')[1]?.querySelector('select option:checked')?.textContent ?? '').startsWith('Anda Tuning'));
    // Alt+N: a new placeholder speaker for it.
    await page.keyboard.press('Alt+n');
    await page.getByRole('region', { name: 'Pembicara' }).locator('.label-item').filter({ hasText: 'Pembicara 1' }).waitFor();
    expect(await segment(1).locator('select option:checked').textContent()).toBe('Pembicara 1');
    // One step back: the new speaker is gone again.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => ((globalThis as unknown as W).document.querySelectorAll('.ed-seg')[1]?.querySelector('select option:checked')?.textContent ?? '').startsWith('Anda Tuning'));
    expect(await page.getByRole('region', { name: 'Pembicara' }).locator('.label-item').count()).toBe(2);
    // Alt+0 takes the speaker away; Alt+Shift+2 on the segment before gives Anda Tuning to it and
    // to the following ones until a segment has another speaker.
    const chosen = (n: number) => segment(n).locator('select option:checked').textContent();
    await page.keyboard.press('Alt+0');
    await expect.poll(() => chosen(1)).toBe('— Tanpa pembicara —');
    await segText(0).click();
    await page.keyboard.press('Alt+Shift+2');
    await expect.poll(() => chosen(0)).toBe('Anda Tuning');
    expect(await chosen(1)).toBe('Anda Tuning');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => chosen(0)).toBe('Mashudi');
    expect(await chosen(1)).toBe('Anda Tuning');

    // Enter in the middle of Mashudi's text splits it (times in proportion: no word times).
    await segText(0).click();
    await page.keyboard.press('Home');
    for (let i = 0; i < 'Hari ini '.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.locator('.ed-seg').nth(2).waitFor();
    expect(await segText(0).textContent()).toBe('Hari ini');
    expect(await segText(1).textContent()).toBe('Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman.');
    expect(await segment(1).getByRole('button', { name: /^Dengarkan dari/ }).textContent()).toBe('0:01');
    await waitSaved();
    const split = workingOnDisk();
    expect(split.segments).toHaveLength(3);
    expect(split.segments[0]?.end).toBe(split.segments[1]?.start);
    expect(split.segments[1]?.speaker).toBe('p1');
    // Backspace at the start of the second part merges it back.
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => (globalThis as unknown as W).document.querySelectorAll('.ed-seg').length === 2);
    expect(await segText(0).textContent()).toBe(MASHUDI_WORDS);
    await waitSaved();
    expect(workingOnDisk().segments.map((s) => s.text)).toEqual([MASHUDI_WORDS, ANDA_WORDS]);
  });

  it('exports the transcript as DOCX (and SRT) downloads', async () => {
    await openEditor(linked);
    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'DOCX' }).click()]);
    expect(docx.suggestedFilename()).toMatch(/\.docx$/);
    const docxPath = await docx.path();
    expect(readFileSync(docxPath).subarray(0, 2).toString()).toBe('PK');
    const [srtDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SRT' }).click()]);
    expect(srtDownload.suggestedFilename()).toMatch(/\.srt$/);
    expect(readFileSync(await srtDownload.path(), 'utf8')).toContain('Mashudi');
  });

  it('shows on the event page who spoke and for how long, and the quote sheet downloads', async () => {
    await openEditor(quoted);
    await page.getByRole('link', { name: `← ${TITLE}` }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const speakers = page.getByRole('region', { name: 'Pembicara' });
    await speakers.locator('tbody tr').nth(1).waitFor();
    const rows = await speakers.locator('tbody tr').allTextContents();
    expect(rows[0]).toContain('Mashudi');
    expect(rows[0]).toContain('0:03');
    expect(rows[1]).toContain('Anda Tuning');
    expect(rows[1]).toContain(KARUTAN);
    const quotes = page.getByRole('region', { name: 'Kutipan' });
    await quotes.locator('.quote-card').waitFor();
    const [sheet] = await Promise.all([page.waitForEvent('download'), quotes.getByRole('button', { name: 'Unduh lembar kutipan (DOCX)' }).click()]);
    expect(sheet.suggestedFilename()).toMatch(/\.docx$/);
    await speakers.scrollIntoViewIfNeeded();
    await screenshot('event-speakers-quotes');
  });

  it('Settings › Arsip: the attribution verb and style change the example and the copied attribution', async () => {
    await open(quoted);
    await page.goto(sp.served.url);
    await nav().getByRole('link', { name: 'Pengaturan' }).click();
    const section = page.getByRole('region', { name: 'Arsip', exact: true });
    await section.getByLabel('Kata kerja').waitFor();
    expect(await section.locator('.attribution-example-text').textContent()).toBe(
      '“Kolaborasi ini untuk pembinaan warga binaan yang lebih baik,” ujar Mashudi, Direktur Jenderal Pemasyarakatan.',
    );
    await section.getByLabel('Kata kerja').selectOption('tegas');
    await section.getByLabel('Jabatan dan nama').check();
    expect(await section.locator('.attribution-example-text').textContent()).toBe(
      '“Kolaborasi ini untuk pembinaan warga binaan yang lebih baik,” tegas Direktur Jenderal Pemasyarakatan Mashudi.',
    );
    await section.getByRole('status').getByText('Bentuk nama tersimpan.').waitFor();
    // A glossary term and a replacement.
    await section.getByRole('button', { name: 'Tambah istilah' }).click();
    const glossaryBefore = (JSON.parse(readFileSync(path.join(sp.dirs.archive, 'archive.json'), 'utf8')) as { glossary: unknown[] }).glossary;
    const n = glossaryBefore.length + 1;
    await section.getByLabel(`Istilah baris ${n}`, { exact: true }).fill('Bapas Kudus');
    await section.getByLabel(`Kepanjangan baris ${n}`, { exact: true }).fill('Balai Pemasyarakatan Kudus');
    await section.getByRole('button', { name: 'Simpan glosarium' }).click();
    await section.getByRole('status').getByText('Glosarium tersimpan.').waitFor();
    await section.getByRole('button', { name: 'Tambah penggantian' }).click();
    const m = (JSON.parse(readFileSync(path.join(sp.dirs.archive, 'archive.json'), 'utf8')) as { replacements: unknown[] }).replacements.length + 1;
    await section.getByLabel(`Ganti baris ${m}`, { exact: true }).fill('dirjen pas');
    await section.getByLabel(`Menjadi baris ${m}`, { exact: true }).fill('Dirjenpas');
    await section.getByRole('button', { name: 'Simpan daftar penggantian' }).click();
    await section.getByRole('status').getByText('Daftar penggantian tersimpan.').waitFor();
    const doc = JSON.parse(readFileSync(path.join(sp.dirs.archive, 'archive.json'), 'utf8')) as {
      settings: { attributionVerb: string; attributionStyle: string };
      glossary: unknown[];
      replacements: unknown[];
    };
    expect(doc.settings).toMatchObject({ attributionVerb: 'tegas', attributionStyle: 'title-name' });
    expect(doc.glossary).toEqual([...glossaryBefore, { term: 'Bapas Kudus', expansion: 'Balai Pemasyarakatan Kudus', kind: 'acronym' }]);
    expect(doc.replacements.at(-1)).toEqual({ from: 'dirjen pas', to: 'Dirjenpas' });
    await page.locator('#settings-archive-title').evaluate((el) => (el as unknown as { scrollIntoView(o: unknown): void }).scrollIntoView({ block: 'start' }));
    await screenshot('settings-archive');
    await page.locator('#replacements-title').evaluate((el) => (el as unknown as { scrollIntoView(o: unknown): void }).scrollIntoView({ block: 'center' }));
    await screenshot('settings-archive-lists');

    await nav().getByRole('link', { name: 'Kutipan' }).click();
    const card = page.locator('.quote-card').first();
    await card.getByRole('button', { name: 'Salin atribusi' }).click();
    await card.getByRole('button', { name: 'Tersalin ✓' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as W).navigator.clipboard.readText())).toBe(`“${MASHUDI_WORDS.replace(/\.$/, '')},” tegas ${DIRJEN} Mashudi.`);
  });

  it('offers the newer version when the transcript was saved elsewhere meanwhile', async () => {
    await openEditor(linked);
    await segText(1).waitFor();
    const before = workingOnDisk();
    await segText(0).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Terima');
    // Another window saves first (the call the editor makes), before this one's autosave.
    const other = before.segments.map((seg, i) => (i === 1 ? { ...seg, text: 'Versi dari jendela lain.' } : seg));
    const body = { eventId: path.basename(eventDir()), recordingId: recordingId(), baseRev: before.rev, labels: before.labels, segments: other };
    const answer = await page.evaluate(async (b) => {
      const res = await fetch('/api/call/transcripts.save', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
      return (await res.json()) as { ok: boolean };
    }, body);
    expect(answer.ok).toBe(true);
    const banner = page.getByRole('alert').filter({ hasText: 'disimpan di jendela lain' });
    await banner.waitFor();
    expect(await saveStatus().getAttribute('data-state')).toBe('conflict');
    expect(workingOnDisk().segments[1]?.text).toBe('Versi dari jendela lain.');
    await page.evaluate(() => (globalThis as unknown as W).scrollTo(0, 0));
    await screenshot('editor-conflict');
    await banner.getByRole('button', { name: 'Muat versi terbaru' }).click();
    await expect.poll(() => segText(1).textContent()).toBe('Versi dari jendela lain.');
    expect(await segText(0).textContent()).toBe(MASHUDI_WORDS);
    await waitSaved();
    expect(workingOnDisk().segments[0]?.text).toBe(MASHUDI_WORDS);
  });

  it('speaks English when asked: the editor and the quote library', async () => {
    await openEditor(quoted);
    await nav().getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByLabel('Bahasa tampilan').selectOption('en');
    await page.goto(editorUrl);
    await page.getByRole('button', { name: 'Save quote' }).waitFor();
    await page.getByRole('region', { name: 'Speakers' }).getByText('not linked', { exact: false }).count();
    expect(await saveStatus().textContent()).toContain('Saved');
    await screenshot('editor-en');
    await nav().getByRole('link', { name: 'Quotes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quote library' }).waitFor();
    await page.locator('.quote-card').first().getByRole('button', { name: 'Copy attribution' }).waitFor();
    await screenshot('quotes-library-en');
    await nav().getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Display language').selectOption('id');
    await nav().getByRole('link', { name: 'Pengaturan' }).waitFor();
  });

  it('edits a quote (words, tag, note), filters by its tag, deletes it; a person still used cannot be removed', async () => {
    await open(quoted);
    await page.goto(sp.served.url);
    await nav().getByRole('link', { name: 'Kutipan' }).click();
    const card = page.locator('.quote-card').first();
    await card.getByRole('button', { name: 'Ubah' }).click();
    const form = card.locator('form.quote-edit');
    await form.getByLabel('Kata-kata').fill('Hari ini Ditjenpas menandatangani nota kesepahaman.');
    await form.getByLabel('Label').fill('kemitraan');
    await form.getByLabel('Label').press('Enter');
    await form.getByLabel('Catatan').fill('Untuk siaran pers 1 Juli');
    await form.getByRole('button', { name: 'Simpan kutipan' }).click();
    await card.locator('.quote-tags').getByText('kemitraan').waitFor();
    expect(await card.locator('.quote-text').textContent()).toBe('“Hari ini Ditjenpas menandatangani nota kesepahaman.”');
    // New words have not been checked against the recording.
    expect(quotesOnDisk()[0]).toMatchObject({ tags: ['kemitraan'], note: 'Untuk siaran pers 1 Juli', checked: false });
    await page.getByRole('combobox', { name: 'Label', exact: true }).fill('kemitraan');
    await expect.poll(() => page.locator('.quote-card').count()).toBe(1);
    await page.getByRole('combobox', { name: 'Label', exact: true }).fill('lain');
    await page.getByText('Tidak ada kutipan yang cocok').waitFor();
    await page.getByRole('button', { name: 'Hapus saringan' }).click();

    // Mashudi is used by the transcript and the quote: refused, with the reason.
    await nav().getByRole('link', { name: 'Pembicara' }).click();
    const row = page.locator('tr[data-speaker-id]').filter({ hasText: 'Mashudi' });
    await row.getByRole('button', { name: /^Hapus/ }).click();
    await row.getByRole('button', { name: 'Ya, hapus' }).click();
    await row.getByRole('alert').getByText('masih dipakai', { exact: false }).waitFor();
    expect(directoryOnDisk().some((p) => p.name === 'Mashudi')).toBe(true);

    await nav().getByRole('link', { name: 'Kutipan' }).click();
    await page.locator('.quote-card').first().getByRole('button', { name: 'Hapus' }).click();
    await page.locator('.quote-card').first().getByRole('button', { name: 'Ya, hapus' }).click();
    await page.getByText('Belum ada kutipan').waitFor();
    expect(quotesOnDisk()).toEqual([]);
  });
});
