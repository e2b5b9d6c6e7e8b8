/**
 * End to end: searching the archive in the UI, in Debian's Chromium against `risalah serve` on a
 * temporary archive (no Whisper: the transcript is an imported SRT).
 *
 * An event with the speech clip as its recording; "Mashudi" in the speaker directory; an SRT whose
 * lines carry `Mashudi:` and `Anda Tuning:` imported in the editor. Then: Ctrl+K opens the
 * palette, a fragment from the middle of what Mashudi said finds his words (event, speaker, time);
 * Enter opens the results page; a hit plays the recording from its moment in the editor; the
 * keyboard moves through hits; affixes ("pembinaan" finds "membina" only with the option on); a
 * hit saved as a quote shows up in the quote library and in search; the speaker filter; the empty
 * and no-results states; the page in English.
 *
 * Each test starts from its own state (its own server, archive and page): the first test makes
 * the event, the directory and the transcript through the UI from an empty archive; the others
 * start from the same state made once through the host's API (and, for the filters, with Anda
 * Tuning's words saved as a quote), copied for each test.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quote } from '../../main/api/schemas';
import type { SearchResults } from '../../main/api/search';
import { createEventInUi, e2eSuite, type ServedPage, type ServerState } from '../helpers/served-page';
import { speechWithSilence } from '../helpers/speech';
import { repoRoot, tempDir } from '../helpers/tmp';

const suite = e2eSuite({ name: 'search', ignoreConsole: /favicon/ });
let sp: ServedPage;
let page: Page;
let media: ReturnType<typeof tempDir>;
let clip: string;
let srt: string;
/** Mashudi in the directory; the event with the speech clip and the SRT imported as its transcript. */
let base: ServerState;
/** …and Anda Tuning's words saved as a quote. */
let withQuote: ServerState;

const TITLE = 'Penandatanganan MoU Ditjenpas dan Rutan Kudus';
const MASHUDI_WORDS = 'Hari ini Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman dengan Rutan Kudus.';
const ANDA_WORDS = 'Kami terus membina warga di rutan agar mandiri.';
/** Mashudi's segment in the SRT, in seconds. */
const MASHUDI = { start: 1, end: 9 };
const ANDA = { start: 21, end: 25 };
const screens = path.join(repoRoot, 'test-results', 'screens');

/** What the tests read of a media element (this project's tsconfig for tests has no DOM types). */
interface Media {
  currentTime: number;
  paused: boolean;
  pause(): void;
}
interface W {
  document: { activeElement: { textContent: string | null; className: string } | null };
  fetch(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<{ json(): Promise<unknown> }>;
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(screens, `${name}.png`) });
}

/** The event of the recording (the paging test adds others). */
function eventDir(): string {
  const ids = readdirSync(path.join(sp.dirs.archive, 'events')).filter((id) => id.startsWith('2025-07-01-penandatanganan-mou-ditjenpas'));
  expect(ids).toHaveLength(1);
  return path.join(sp.dirs.archive, 'events', ids[0] as string);
}

function quotesOnDisk(): Quote[] {
  return (JSON.parse(readFileSync(path.join(eventDir(), 'quotes.json'), 'utf8')) as { quotes: Quote[] }).quotes;
}

/** Call the host directly, from the page (with its cookie). */
async function callApi<T>(name: string, input: Record<string, unknown>): Promise<T> {
  const envelope = (await page.evaluate(
    async ([call, body]) => {
      const res = await (globalThis as unknown as W).fetch(`/api/call/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      return res.json();
    },
    [name, JSON.stringify(input)] as const,
  )) as { ok: boolean; value: T };
  expect(envelope.ok).toBe(true);
  return envelope.value;
}

/** Ask the host directly (from the page, with its cookie): for waiting until the index has caught up. */
function searchApi(input: Record<string, unknown>): Promise<SearchResults> {
  return callApi<SearchResults>('search.query', input);
}

/** "1:05" → 65. */
function seconds(clock: string): number {
  const [m, s] = clock.trim().split(':').map(Number);
  return (m ?? NaN) * 60 + (s ?? NaN);
}

const nav = () => page.getByRole('navigation', { name: 'Risalah' });
const palette = () => page.getByRole('dialog', { name: 'Cari di seluruh arsip' });
const audio = () => page.locator('audio').first();
const results = () => page.locator('.search-results');
const queryBox = () => page.getByRole('searchbox', { name: 'Kata yang dicari' });

/** A test of its own: its server on a copy of `from` (empty without), its page. */
async function open(from?: ServerState): Promise<void> {
  sp = await suite.open(from);
  page = sp.page;
}

/** …with the index caught up with the archive (the server builds it when it starts). */
async function openIndexed(from: ServerState): Promise<void> {
  await open(from);
  await page.goto(sp.served.url);
  await expect.poll(async () => (await searchApi({ q: 'kesepahaman' })).total.hits, { timeout: 20_000 }).toBe(1);
}

/** The results page of a question (as the palette's Enter or a link opens it). */
async function openResults(query: string): Promise<void> {
  await page.goto(`${sp.served.origin}/#/search?${query}`);
  await page.getByRole('heading', { level: 1, name: 'Pencarian' }).waitFor();
}

beforeAll(async () => {
  media = tempDir('risalah-e2e-search-media-');
  const speech = await speechWithSilence(15);
  expect(speech.durationSec).toBeGreaterThan(24.5);
  clip = path.join(media.dir, 'Sambutan MoU.wav');
  writeFileSync(clip, readFileSync(speech.path));
  srt = path.join(media.dir, 'sambutan.srt');
  writeFileSync(
    srt,
    [
      '1',
      '00:00:01,000 --> 00:00:09,000',
      `Mashudi: ${MASHUDI_WORDS}`,
      '',
      '2',
      '00:00:21,000 --> 00:00:25,000',
      `Anda Tuning: ${ANDA_WORDS}`,
      '',
    ].join('\n'),
  );

  base = await suite.state(async (host) => {
    await host.call('speakers.add', { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan' });
    const event = await host.call('events.create', { title: TITLE, date: '2025-07-01', type: 'penandatanganan' });
    const { uploadId } = await host.upload(clip);
    const { jobs } = await host.call('recordings.import', { eventId: event.id, uploads: [{ uploadId }] });
    const recordingId = (await host.job(jobs[0]!)).result?.recordingId as string;
    const transcript = await host.upload(srt);
    await host.call('transcripts.import', { eventId: event.id, recordingId, uploadId: transcript.uploadId });
  });
  withQuote = await suite.state(async (host) => {
    const event = (await host.call('events.list', {})).events[0]!;
    const recordingId = (await host.call('events.get', { id: event.id })).recordings[0]?.id as string;
    await host.call('quotes.add', { eventId: event.id, recordingId, start: ANDA.start, end: ANDA.end });
  }, base);
});
afterAll(() => media?.cleanup());

describe('search in the browser', () => {
  it('sets up an event with a recording, Mashudi in the directory and an imported SRT', async () => {
    await open();
    await page.goto(sp.served.url);
    // Mashudi first, so the SRT's label links to him.
    await nav().getByRole('link', { name: 'Pembicara' }).click();
    const form = page.getByRole('form', { name: 'Tambah orang' });
    await form.getByLabel('Nama', { exact: true }).fill('Mashudi');
    await form.getByLabel('Jabatan', { exact: true }).fill('Direktur Jenderal Pemasyarakatan');
    await form.getByRole('button', { name: 'Tambah ke direktori' }).click();
    await page.locator('tr[data-speaker-id]').filter({ hasText: 'Mashudi' }).waitFor();

    await nav().getByRole('link', { name: 'Arsip' }).click();
    await createEventInUi(page, { title: TITLE, date: '2025-07-01', type: 'penandatanganan' });
    await page.getByRole('region', { name: 'Rekaman' }).getByLabel('Pilih berkas').setInputFiles(clip);
    await page.locator('article.recording').waitFor({ timeout: 60_000 });

    await page.getByRole('link', { name: /^Buka editor transkrip/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Sambutan MoU.wav' }).waitFor();
    await page.getByLabel('Impor transkrip').setInputFiles(srt);
    await page.locator('.ed-seg').nth(1).waitFor();
    expect(await page.locator('.ed-seg .seg-text').first().textContent()).toBe(MASHUDI_WORDS);

    // The index catches up with the import in the background (debounced): wait for it.
    await expect.poll(async () => (await searchApi({ q: 'kesepahaman' })).total.hits, { timeout: 20_000 }).toBe(1);
  });

  it('Ctrl+K opens the palette from anywhere; a fragment of what Mashudi said finds him, at a time in his segment', async () => {
    await openIndexed(base);
    await nav().getByRole('link', { name: 'Arsip' }).click();
    await page.getByRole('heading', { level: 1, name: 'Arsip acara' }).waitFor();
    await page.keyboard.press('Control+K');
    await palette().waitFor();
    const box = palette().getByRole('combobox', { name: 'Cari di seluruh arsip' });
    await expect.poll(() => box.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    // Esc closes it; a click on the top bar's field opens it again.
    await page.keyboard.press('Escape');
    await palette().waitFor({ state: 'detached' });
    const field = page.getByRole('button', { name: 'Cari di seluruh arsip' });
    await field.click();
    await palette().waitFor();
    await page.keyboard.press('Escape');
    await palette().waitFor({ state: 'detached' });

    // Typing on the top bar's field types into the palette. Not the start of Mashudi's sentence:
    // the middle of it, the last word still being typed.
    await field.focus();
    await page.keyboard.type('menandatangani nota kesepa', { delay: 20 });
    expect(await box.inputValue()).toBe('menandatangani nota kesepa');
    const option = palette().getByRole('option').filter({ hasText: 'Mashudi' });
    await option.waitFor();
    const group = palette().getByRole('group', { name: new RegExp(TITLE) });
    await group.waitFor();
    expect(await option.locator('mark').allTextContents()).toEqual(['menandatangani', 'nota', 'kesepahaman']);
    expect(await option.locator('.hit-kind').textContent()).toBe('Ucapan');
    const at = seconds((await option.locator('.hit-time').textContent()) ?? '');
    expect(at).toBeGreaterThanOrEqual(MASHUDI.start);
    expect(at).toBeLessThanOrEqual(MASHUDI.end);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    await screenshot('search-palette');

    // Enter (no hit chosen) opens the full results page.
    await page.keyboard.press('Enter');
    await palette().waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: 'Pencarian' }).waitFor();
    expect(decodeURIComponent(page.url().replace(/\+/g, ' '))).toMatch(/#\/search\?q=menandatangani nota kesepa$/);
    expect(await queryBox().inputValue()).toBe('menandatangani nota kesepa');
  });

  it('shows the results grouped by event, and a hit plays the recording from its moment in the editor', async () => {
    await openIndexed(base);
    await openResults('q=menandatangani+nota+kesepa');
    const group = results().locator('.result-group').first();
    await group.waitFor();
    expect(await group.getByRole('heading', { level: 2 }).textContent()).toBe(TITLE);
    expect(await group.textContent()).toContain('Selasa, 1 Juli 2025');
    expect(await group.locator('.type-badge').textContent()).toBe('Penandatanganan MoU/PKS');
    expect(await group.textContent()).toContain('1 hasil');
    expect(await page.locator('.search-total').textContent()).toContain('1 hasil di 1 acara');
    const hit = group.locator('.hit').first();
    expect(await hit.locator('.hit-speaker').textContent()).toBe('Mashudi');
    expect(await hit.locator('.hit-kind').textContent()).toBe('Ucapan');
    expect(await hit.locator('.hit-time').textContent()).toBe('0:01');
    expect((await hit.locator('.snippet').textContent())?.trim()).toBe(MASHUDI_WORDS);
    await screenshot('search-results');

    await hit.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Sambutan MoU.wav' }).waitFor();
    const t = Number(new URL(page.url().replace('#', '')).searchParams.get('t'));
    expect(t).toBeGreaterThanOrEqual(MASHUDI.start);
    expect(t).toBeLessThanOrEqual(MASHUDI.end);
    // It plays from there (the click was the user's gesture).
    await expect.poll(() => audio().evaluate((a) => !(a as unknown as Media).paused), { timeout: 15_000 }).toBe(true);
    const now = await audio().evaluate((a) => (a as unknown as Media).currentTime);
    expect(now).toBeGreaterThanOrEqual(t - 0.1);
    expect(now).toBeLessThan(t + 3);
    await audio().evaluate((a) => (a as unknown as Media).pause());
    // A reload does not start playing again by itself.
    expect(page.url()).not.toContain('play=');
  });

  it('moves through hits with the keyboard in the palette and on the page', async () => {
    await openIndexed(base);
    await openResults('q=menandatangani+nota+kesepa');
    await results().locator('.hit').first().waitFor();
    // On the page: ↓ from the query box to the first hit, Enter opens it.
    await queryBox().focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (globalThis as unknown as W).document.activeElement?.className)).toBe('hit-link');
    await page.keyboard.press('ArrowUp');
    expect(await queryBox().evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);

    // In the palette: ↓ chooses the first hit (aria-selected), Enter plays it.
    await page.keyboard.press('Control+K');
    await palette().waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Direktorat Jenderal');
    const option = palette().getByRole('option').filter({ hasText: 'Mashudi' });
    await option.waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await option.getAttribute('aria-selected')).toBe('true');
    const box = palette().getByRole('combobox');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Sambutan MoU.wav' }).waitFor();
    await expect.poll(() => audio().evaluate((a) => !(a as unknown as Media).paused), { timeout: 15_000 }).toBe(true);
    expect(page.url()).toMatch(/\/recordings\/rec-[a-z0-9]+\?t=1$/);
    await audio().evaluate((a) => (a as unknown as Media).pause());
  });

  it('affixes: "pembinaan" finds nothing as typed, and finds "membina" with the option on', async () => {
    await openIndexed(base);
    await page.goto(`${sp.served.origin}/#/search?q=pembinaan`);
    await page.getByRole('heading', { name: 'Tidak ada hasil untuk “pembinaan”' }).waitFor();
    const affixes = page.getByLabel('Imbuhan');
    expect(await affixes.isChecked()).toBe(false);
    await screenshot('search-no-results');
    await affixes.check();
    const hit = results().locator('.hit').first();
    await hit.waitFor();
    expect(page.url()).toContain('affixes=1');
    expect(await hit.locator('mark').allTextContents()).toEqual(['membina']);
    expect(await hit.locator('.hit-speaker').textContent()).toBe('Anda Tuning');
    const at = seconds((await hit.locator('.hit-time').textContent()) ?? '');
    expect(at).toBeGreaterThanOrEqual(ANDA.start);
    expect(at).toBeLessThanOrEqual(ANDA.end);
    // Off again: nothing.
    await affixes.uncheck();
    await page.getByRole('heading', { name: 'Tidak ada hasil untuk “pembinaan”' }).waitFor();
    // The suggestion in the no-results state turns it on too.
    await page.getByRole('button', { name: 'Nyalakan imbuhan' }).click();
    await results().locator('.hit').first().waitFor();
    expect(await affixes.isChecked()).toBe(true);
  });

  it('saves a hit as a quote: confirmed, in the quote library, and found by search as a quote', async () => {
    await openIndexed(base);
    await openResults('q=pembinaan&affixes=1');
    const hit = results().locator('.hit').filter({ hasText: 'Anda Tuning' }).first();
    await hit.getByRole('button', { name: 'Simpan sebagai kutipan' }).click();
    await hit.getByText('Kutipan disimpan.').waitFor();
    await expect.poll(() => quotesOnDisk().length).toBe(1);
    expect(quotesOnDisk()[0]).toMatchObject({ text: ANDA_WORDS, speakerName: 'Anda Tuning', start: ANDA.start, end: ANDA.end });
    await screenshot('search-quote-saved');

    await hit.getByRole('link', { name: 'Buka pustaka kutipan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pustaka kutipan' }).waitFor();
    const card = page.locator('.quote-card').first();
    await card.waitFor();
    expect(await page.locator('.quote-card').count()).toBe(1);
    expect(await card.textContent()).toContain(ANDA_WORDS.replace(/\.$/, ''));
    expect(await card.textContent()).toContain('Anda Tuning');

    // The index learns of the quote (debounced): then it is a "Kutipan" hit.
    await expect.poll(async () => (await searchApi({ q: 'mandiri' })).groups[0]?.hits.some((h) => h.kind === 'quote'), { timeout: 20_000 }).toBe(true);
    await page.goto(`${sp.served.origin}/#/search?q=mandiri`);
    const quoteHit = results().locator('.hit-quote').first();
    await quoteHit.waitFor();
    expect(await quoteHit.locator('.hit-kind').textContent()).toBe('Kutipan');
    expect(await quoteHit.getByRole('button', { name: 'Simpan sebagai kutipan' }).count()).toBe(0);
  });

  it('filters by speaker (from the directory), type and date, kept in the address', async () => {
    await openIndexed(withQuote);
    await page.goto(`${sp.served.origin}/#/search?q=rutan`);
    const group = results().locator('.result-group').first();
    await group.waitFor();
    // The title, Mashudi and Anda Tuning all say "Rutan".
    await expect.poll(() => group.locator('.hit').count()).toBeGreaterThanOrEqual(3);
    expect(await group.locator('.hit-event .hit-kind').first().textContent()).toBe('Data acara · judul');
    // Three hits listed of the event's four (the title, the quote and both speakers): show them all.
    expect(await group.textContent()).toContain('4 hasil');
    await group.getByRole('button', { name: 'Tampilkan semua 4 hasil di acara ini' }).click();
    await expect.poll(() => group.locator('.hit').count()).toBe(4);
    expect(await group.getByRole('button', { name: /^Tampilkan/ }).count()).toBe(0);

    await page.getByLabel('Pembicara', { exact: true }).fill('Mashudi');
    await expect.poll(() => page.url()).toContain('speaker=Mashudi');
    await expect.poll(() => group.locator('.hit').count()).toBe(1);
    expect(await group.locator('.hit-speaker').allTextContents()).toEqual(['Mashudi']);

    await page.getByLabel('Jenis acara').selectOption('rapat');
    await page.getByRole('heading', { name: 'Tidak ada hasil untuk “rutan”' }).waitFor();
    expect(page.url()).toContain('type=rapat');
    await page.getByRole('listitem').getByRole('button', { name: 'Hapus saringan' }).click();
    await group.waitFor();
    expect(await page.getByLabel('Pembicara', { exact: true }).inputValue()).toBe('');

    await page.getByLabel('Dari tanggal').fill('2025-07-02');
    await page.getByRole('heading', { name: 'Tidak ada hasil untuk “rutan”' }).waitFor();
    await page.getByLabel('Dari tanggal').fill('2025-07-01');
    await group.waitFor();
    expect(page.url()).toContain('from=2025-07-01');
    // The address opens the same search.
    await page.reload();
    await results().locator('.result-group').first().waitFor();
    expect(await page.getByLabel('Dari tanggal').inputValue()).toBe('2025-07-01');
  });

  it('explains search when nothing is asked yet, and suggests what to try when nothing is found', async () => {
    await openIndexed(base);
    await page.goto(`${sp.served.origin}/#/search`);
    const help = page.locator('.search-help');
    await help.getByRole('heading', { name: 'Cari di semua acara' }).waitFor();
    for (const example of ['"warga binaan"', 'Ditjenpas', 'pemasya*']) await help.getByRole('button', { name: example }).waitFor();
    expect(await help.textContent()).toContain('Ctrl+K');
    await screenshot('search-empty');
    // An example searches: Ditjenpas is in the event's title.
    await help.getByRole('button', { name: 'Ditjenpas' }).click();
    await results().locator('.result-group').first().waitFor();

    await queryBox().fill('zamrud khatulistiwa');
    await queryBox().press('Enter');
    const none = page.locator('.search-none');
    await none.getByRole('heading', { name: 'Tidak ada hasil untuk “zamrud khatulistiwa”' }).waitFor();
    expect(await none.textContent()).toContain('Periksa ejaannya');
    await none.getByRole('button', { name: 'Nyalakan imbuhan' }).waitFor();
  });

  it('pages through many events with "muat lebih banyak"', async () => {
    await openIndexed(base);
    for (let i = 1; i <= 21; i++) {
      await callApi('events.create', { title: `Rapat koordinasi wilayah ke-${i}`, date: `2024-03-${String(i).padStart(2, '0')}`, type: 'rapat' });
    }
    await expect.poll(async () => (await searchApi({ q: 'koordinasi', limit: 1 })).total.events, { timeout: 20_000 }).toBe(21);
    await page.goto(`${sp.served.origin}/#/search?q=koordinasi`);
    await expect.poll(() => results().locator('.result-group').count()).toBe(20);
    expect(await page.locator('.search-total').textContent()).toContain('21 hasil di 21 acara');
    await page.getByRole('button', { name: 'Muat lebih banyak' }).click();
    await expect.poll(() => results().locator('.result-group').count()).toBe(21);
    expect(await page.getByRole('button', { name: 'Muat lebih banyak' }).count()).toBe(0);
    const titles = await results().locator('.result-group h2').allTextContents();
    expect(new Set(titles).size).toBe(21);
  });

  it('says when the index is still being built (and searches again once it is ready), about-totals, ignored words and errors', async () => {
    await openIndexed(base);
    // The host answers as while building an index: stand in for it until the index is "ready".
    let statusCalls = 0;
    let ready = false;
    await page.route('**/api/call/search.status', (route) => {
      statusCalls++;
      ready = statusCalls >= 3;
      const status = { state: ready ? 'ready' : 'building', done: 3, total: 10, events: 3, segments: 30, quotes: 0, file: '' };
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: status }) });
    });
    await page.route('**/api/call/search.query', async (route) => {
      if (ready) return route.continue();
      const real = (await (await route.fetch()).json()) as { ok: true; value: SearchResults };
      const value: SearchResults = { ...real.value, total: { hits: 3000, events: 20, exact: false }, indexing: true };
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });
    });
    await page.goto(`${sp.served.origin}/#/search?q=yang+nota`);
    const note = page.locator('.search-indexing');
    await note.getByText('Indeks pencarian sedang disiapkan (3 dari 10 acara)', { exact: false }).waitFor();
    expect(await page.locator('.search-total').textContent()).toContain('sekitar 3.000 hasil di 20 acara');
    expect(await page.locator('.search-ignored').textContent()).toBe('Kata umum tidak ikut dicari: yang.');
    // Ready: asked again, the real totals.
    await note.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.locator('.search-total').textContent()).toContain('1 hasil di 1 acara');
    await page.unrouteAll();

    await page.route('**/api/call/search.query', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'boom' } }) }),
    );
    await queryBox().fill('kesepahaman');
    await queryBox().press('Enter');
    await page.getByRole('alert').getByText('Terjadi kesalahan internal', { exact: false }).waitFor();
    await page.unrouteAll();
  });

  it('speaks English when asked', async () => {
    await openIndexed(base);
    await nav().getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByLabel('Bahasa tampilan').selectOption('en');
    await page.goto(`${sp.served.origin}/#/search?q=nota`);
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    const hit = results().locator('.hit').filter({ hasText: 'Mashudi' }).first();
    await hit.waitFor();
    expect(await page.locator('.search-total').textContent()).toContain('1 result in 1 event');
    expect(await results().locator('.result-group').first().textContent()).toContain('Tuesday');
    expect(await hit.locator('.hit-kind').textContent()).toBe('Speech');
    await hit.getByRole('button', { name: 'Save as quote' }).waitFor();
    expect(await page.getByLabel('Affixes').isChecked()).toBe(false);
    await screenshot('search-results-en');

    await page.keyboard.press('Control+K');
    await page.getByRole('dialog', { name: 'Search the whole archive' }).waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('searchbox', { name: 'Search for' }).fill('zamrud');
    await page.getByRole('searchbox', { name: 'Search for' }).press('Enter');
    await page.getByRole('heading', { name: 'No results for “zamrud”' }).waitFor();
    await page.getByRole('button', { name: 'Turn on affixes' }).waitFor();

    await nav().getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Display language').selectOption('id');
    await nav().getByRole('link', { name: 'Pengaturan' }).waitFor();
  });
});
