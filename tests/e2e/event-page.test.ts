/**
 * End to end: the event page in Debian's Chromium against `risalah serve` — the metadata and
 * agreement form, importing a real recording (espeak-ng → mp3), playing and seeking it, a refused
 * file, the archive filters and the language switch.
 *
 * Each test starts from its own state (its own server, archive and page): an empty archive, the
 * signing with its details, or the signing with its details and the recording — made once
 * through the host's API and copied for each test (tests/helpers/served-page.ts).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventInUi, e2eSuite, type ServedPage, type ServerState } from '../helpers/served-page';
import { tempDir } from '../helpers/tmp';

const suite = e2eSuite({ name: 'event', chromiumArgs: ['--autoplay-policy=no-user-gesture-required'] });
let sp: ServedPage;
let page: Page;
let media: ReturnType<typeof tempDir>;
let clip: string;
let clipSec: number;
let notAudio: string;
/** The signing with its details (venue, time, tags, the agreement and its three parties). */
let signing: ServerState;
/** …and the speech clip as its recording. */
let signingWithRecording: ServerState;

/** What the tests read of a media element (this project's tsconfig has no DOM types). */
interface Media {
  currentTime: number;
  paused: boolean;
  duration: number;
  seekable: { length: number; end(index: number): number };
}
const isFocused = (el: unknown) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement;

const TITLE = 'Penandatanganan MoU Ditjenpas dengan Mitra Kemandirian';
const PARTIES = [
  { institution: 'Direktorat Jenderal Pemasyarakatan', signatory: 'Drs. Mashudi', role: 'Direktur Jenderal' },
  { institution: 'Kamar Dagang dan Industri Indonesia', signatory: 'Arsjad Rasjid', role: 'Ketua Umum' },
  { institution: 'Badan Pusat Statistik', signatory: 'Amalia Adininggar', role: 'Kepala' },
];
const DETAILS = {
  venue: 'Aula Graha Pengayoman, Jakarta',
  time: '09:30',
  tags: ['MoU', 'kemandirian'],
  agreement: { kind: 'mou' as const, documentNumber: 'PAS-HM.05.02-17 Tahun 2025', title: 'Nota Kesepahaman tentang Pembinaan Kemandirian Warga Binaan', parties: PARTIES },
};

function eventJson(): { id: string; venue: string; tags: string[]; agreement: { parties: unknown[] } | null; recordings: unknown[] } {
  const archive = sp.dirs.archive;
  const ids = readdirSync(path.join(archive, 'events'));
  expect(ids).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(archive, 'events', ids[0] as string, 'event.json'), 'utf8'));
}

/** A test of its own: its server on a copy of `from`, its page. */
async function open(from?: ServerState): Promise<void> {
  sp = await suite.open(from);
  page = sp.page;
}

/** Open the signing's page (of a copied state). */
async function openSigning(from: ServerState): Promise<void> {
  await open(from);
  const { events } = await sp.host.call('events.list', {});
  await page.goto(`${sp.served.origin}/#/events/${events[0]?.id}`);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
}

beforeAll(async () => {
  media = tempDir('risalah-e2e-event-media-');
  // An ~8 s Indonesian clip, as a phone's mp3 would be.
  const wav = path.join(media.dir, 'sambutan.wav');
  clip = path.join(media.dir, 'Sambutan Dirjenpas.mp3');
  execFileSync('espeak-ng', ['-v', 'id', '-s', '150', '-w', wav, 'Selamat pagi, Bapak dan Ibu sekalian. Hari ini kita menandatangani nota kesepahaman tentang pembinaan kemandirian warga binaan.']);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', wav, '-ac', '1', '-ar', '44100', '-b:a', '64k', clip]);
  clipSec = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', clip], { encoding: 'utf8' }).trim());
  expect(clipSec).toBeGreaterThan(6);
  expect(clipSec).toBeLessThan(12);
  notAudio = path.join(media.dir, 'catatan-rapat.mp3');
  writeFileSync(notAudio, 'Catatan rapat koordinasi, bukan rekaman.\n'.repeat(50));

  signing = await suite.state(async (host) => {
    const event = await host.call('events.create', { title: TITLE, date: '2025-07-01', type: 'penandatanganan' });
    await host.call('events.update', { id: event.id, baseRev: event.rev, patch: DETAILS });
  });
  signingWithRecording = await suite.state(async (host) => {
    const { events } = await host.call('events.list', {});
    const { uploadId } = await host.upload(clip);
    const { jobs } = await host.call('recordings.import', { eventId: events[0]?.id as string, uploads: [{ uploadId }] });
    await host.job(jobs[0]!);
  }, signing);
});
afterAll(() => media?.cleanup());

describe('event page in the browser', () => {
  it('creates a signing, fills venue, tags and an agreement with three parties, and keeps them after reload', async () => {
    await open();
    await page.goto(sp.served.url);
    // Creating opens the event's page.
    await createEventInUi(page, { title: TITLE, date: '2025-07-01', type: 'penandatanganan' });
    expect(page.url()).toMatch(/#\/events\/2025-07-01-/);
    const header = page.locator('.event-head');
    expect(await header.textContent()).toContain('Selasa, 1 Juli 2025');
    expect(await header.textContent()).toContain('Penandatanganan MoU/PKS');

    const status = page.locator('.savebar-status');
    await page.getByLabel('Tempat', { exact: true }).fill('Aula Graha Pengayoman, Jakarta');
    await page.getByLabel('Jam', { exact: true }).fill('09:30');
    await page.getByLabel('Label', { exact: true }).fill('MoU, kemandirian');
    await page.getByLabel('Label', { exact: true }).press('Enter');
    await status.getByText('Ada perubahan yang belum disimpan').waitFor();

    // The agreement section is there for a signing.
    const agreement = page.getByRole('region', { name: 'Perjanjian' });
    await agreement.getByLabel('Jenis perjanjian').selectOption('mou');
    await agreement.getByLabel('Nomor dokumen').fill('PAS-HM.05.02-17 Tahun 2025');
    await agreement.getByLabel('Judul perjanjian').fill('Nota Kesepahaman tentang Pembinaan Kemandirian Warga Binaan');
    // Two empty rows to start with; Enter in the last row adds the third and moves into it.
    for (const [i, party] of PARTIES.entries()) {
      const n = i + 1;
      const institution = agreement.getByLabel(`Instansi pihak ke-${n}`, { exact: true });
      if (i === 2) {
        await agreement.getByLabel('Jabatan pihak ke-2', { exact: true }).press('Enter');
        await institution.waitFor();
        expect(await institution.evaluate(isFocused)).toBe(true);
      }
      await institution.fill(party.institution);
      await agreement.getByLabel(`Penandatangan pihak ke-${n}`, { exact: true }).fill(party.signatory);
      await agreement.getByLabel(`Jabatan pihak ke-${n}`, { exact: true }).fill(party.role);
    }
    // An extra empty row is not a party (it is dropped, not refused).
    await agreement.getByRole('button', { name: 'Tambah pihak' }).click();
    expect(await agreement.getByLabel('Instansi pihak ke-4', { exact: true }).evaluate(isFocused)).toBe(true);

    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    await status.getByText('Semua perubahan tersimpan').waitFor();

    const onDisk = eventJson();
    expect(onDisk).toMatchObject({
      venue: 'Aula Graha Pengayoman, Jakarta',
      time: '09:30',
      tags: ['MoU', 'kemandirian'],
      agreement: { kind: 'mou', documentNumber: 'PAS-HM.05.02-17 Tahun 2025', parties: PARTIES },
    });

    await page.reload();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await page.getByLabel('Tempat', { exact: true }).inputValue()).toBe('Aula Graha Pengayoman, Jakarta');
    expect(await page.getByLabel('Instansi pihak ke-3', { exact: true }).inputValue()).toBe(PARTIES[2]?.institution);
    expect(await page.getByLabel('Jabatan pihak ke-1', { exact: true }).inputValue()).toBe('Direktur Jenderal');
    expect(await page.getByLabel('Instansi pihak ke-4', { exact: true }).count()).toBe(0);
    expect(await page.locator('.tag').allTextContents()).toEqual(['MoU×', 'kemandirian×']);
  });

  it('marks an emptied title as invalid with a translated message and saves nothing', async () => {
    await openSigning(signing);
    const before = eventJson();
    await page.getByLabel('Judul acara', { exact: true }).fill('  ');
    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.getByRole('alert').filter({ hasText: 'Isian tidak valid' }).waitFor();
    expect(await page.getByLabel('Judul acara', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(eventJson()).toEqual(before);
    await page.getByRole('button', { name: 'Batalkan perubahan' }).click();
    expect(await page.getByLabel('Judul acara', { exact: true }).inputValue()).toBe(TITLE);
  });

  it('imports a recording: the job finishes, the duration is right, it plays and the waveform seeks', async () => {
    await openSigning(signing);
    const recordings = page.getByRole('region', { name: 'Rekaman' });
    await recordings.getByLabel('Pilih berkas').setInputFiles(clip);

    const item = recordings.locator('article.recording');
    await item.waitFor({ timeout: 60_000 });
    expect(await item.getByRole('heading').textContent()).toContain('Sambutan Dirjenpas.mp3');
    const iso = await item.locator('time.recording-duration').getAttribute('datetime');
    const durationSec = Number(/^PT([\d.]+)S$/.exec(iso ?? '')?.[1]);
    expect(Math.abs(durationSec - clipSec)).toBeLessThan(0.2);
    expect(eventJson().recordings).toHaveLength(1);
    // The progress row goes away once the recording is listed.
    await recordings.locator('.import-row').waitFor({ state: 'detached' });

    const audio = item.locator('audio');
    const src = await audio.getAttribute('src');
    expect(src).toMatch(/^\/media\/2025-07-01-[a-z0-9-]+\/rec-[a-z0-9]+$/);
    expect(await audio.getAttribute('preload')).toBe('metadata');

    // Play with the button; the element really plays.
    await item.getByRole('button', { name: /^Putar / }).click();
    await page.waitForFunction((el) => el !== null && (el as unknown as Media).currentTime > 0.2, await audio.elementHandle(), { timeout: 15_000 });
    await item.getByRole('button', { name: /^Jeda / }).click();
    await page.waitForFunction((el) => (el as unknown as Media).paused, await audio.elementHandle());

    // A click at 60 % of the waveform seeks to 60 % of the recording.
    const wave = item.getByRole('slider', { name: /Posisi pemutaran/ });
    await item.locator('canvas[data-loaded="true"]').waitFor();
    const box = await wave.boundingBox();
    if (!box) throw new Error('waveform not laid out');
    await wave.click({ position: { x: box.width * 0.6, y: box.height / 2 } });
    await page.waitForFunction(
      ([el, expected]) => Math.abs((el as unknown as Media).currentTime - (expected as number)) < 0.25,
      [await audio.elementHandle(), durationSec * 0.6] as const,
    );
    const media = await audio.evaluate((el: unknown) => ({
      seekableEnd: (el as Media).seekable.length ? (el as Media).seekable.end(0) : 0,
      duration: (el as Media).duration,
    }));
    expect(media.seekableEnd).toBeGreaterThan(durationSec * 0.9);
    expect(Math.abs(Number(await wave.getAttribute('aria-valuenow')) - durationSec * 0.6)).toBeLessThanOrEqual(1);

    // Keyboard: Left seeks back 5 s.
    await wave.press('ArrowLeft');
    await page.waitForFunction(
      ([el, expected]) => Math.abs((el as unknown as Media).currentTime - (expected as number)) < 0.25,
      [await audio.elementHandle(), Math.max(0, durationSec * 0.6 - 5)] as const,
    );

    // The host answers byte ranges (what lets the element seek).
    const ranged = await page.evaluate(async (url) => {
      const res = await fetch(url as string, { headers: { Range: 'bytes=100-1123' } });
      return { status: res.status, bytes: (await res.arrayBuffer()).byteLength, range: res.headers.get('content-range') };
    }, src);
    expect(ranged).toMatchObject({ status: 206, bytes: 1024 });
    expect(ranged.range).toMatch(/^bytes 100-1123\/\d+$/);
  });

  it('refuses a text file renamed .mp3 with the translated error naming it, and adds no recording', async () => {
    await openSigning(signingWithRecording);
    const recordings = page.getByRole('region', { name: 'Rekaman' });
    await recordings.locator('article.recording').waitFor();
    await recordings.getByLabel('Pilih berkas').setInputFiles(notAudio);
    const row = recordings.locator('.import-row[data-file="catatan-rapat.mp3"]');
    await row.getByRole('alert').filter({ hasText: 'Berkas “catatan-rapat.mp3” bukan rekaman audio atau video yang dapat dibaca.' }).waitFor({ timeout: 30_000 });
    expect(await recordings.locator('article.recording').count()).toBe(1);
    expect(eventJson().recordings).toHaveLength(1);
    await row.getByRole('button', { name: /Tutup/ }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('filters the archive list by type, year and words, with a distinct no-match state', async () => {
    await openSigning(signingWithRecording);
    // A second event, made through the API as another window would.
    await page.evaluate(async () => {
      const res = await fetch('/api/call/events.create', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'Upacara Hari Bhakti Pemasyarakatan ke-61', date: '2024-04-27', type: 'upacara' }),
      });
      if (!((await res.json()) as { ok: boolean }).ok) throw new Error('create failed');
    });
    await page.getByRole('link', { name: 'Kembali ke arsip' }).click();
    await page.getByRole('heading', { name: 'Arsip acara' }).waitFor();
    const rows = page.locator('tbody tr');
    await page.getByText('2 acara', { exact: true }).waitFor();
    const signing = page.getByRole('row', { name: new RegExp(TITLE) });
    expect(await signing.textContent()).toContain('Aula Graha Pengayoman');
    expect(await signing.textContent()).toContain('1 rekaman');

    await page.getByLabel('Jenis', { exact: true }).selectOption('upacara');
    await page.getByText('1 dari 2 acara').waitFor();
    expect(await rows.count()).toBe(1);
    await page.getByRole('row', { name: /Hari Bhakti/ }).waitFor();
    expect(page.url()).toContain('type=upacara');

    await page.getByLabel('Jenis', { exact: true }).selectOption('');
    await page.getByLabel('Tahun', { exact: true }).selectOption('2025');
    await page.getByText('1 dari 2 acara').waitFor();
    await signing.waitFor();

    await page.getByLabel('Tahun', { exact: true }).selectOption('');
    await page.getByLabel('Cari', { exact: true }).fill('kamar dagang'); // a party's institution
    await page.getByText('1 dari 2 acara').waitFor();
    await signing.waitFor();

    await page.getByLabel('Cari', { exact: true }).fill('tidak ada yang seperti ini');
    await page.getByRole('heading', { name: 'Tidak ada acara yang cocok' }).waitFor();
    await page.getByRole('button', { name: 'Hapus filter' }).first().click();
    await page.getByText('2 acara', { exact: true }).waitFor();

    await signing.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  });

  it('switches to English and back, with the event page translated', async () => {
    await openSigning(signingWithRecording);
    const eventUrl = page.url();
    await page.getByRole('link', { name: 'Pengaturan' }).click();
    const ffmpeg = page.getByRole('region', { name: 'ffmpeg' });
    await ffmpeg.getByText('Berfungsi').waitFor();
    // Which program this computer runs is chosen only in the desktop app, never from a browser.
    expect(await ffmpeg.getByLabel('Lokasi ffmpeg khusus').isEnabled()).toBe(false);
    await ffmpeg.getByText('hanya dapat dipilih di aplikasi desktop').waitFor();
    await page.getByLabel('Bahasa tampilan').selectOption('en');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await ffmpeg.getByText('Working').waitFor();

    await page.goto(eventUrl);
    await page.getByRole('heading', { name: 'Event details' }).waitFor();
    expect(await page.getByLabel('Venue', { exact: true }).inputValue()).toBe('Aula Graha Pengayoman, Jakarta');
    expect(await page.getByLabel('Institution of party 2', { exact: true }).inputValue()).toBe(PARTIES[1]?.institution);
    expect(await page.locator('.event-head').textContent()).toContain('Tuesday');
    await page.getByRole('region', { name: 'Recordings' }).getByRole('button', { name: /^Play / }).waitFor();

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Display language').selectOption('id');
    await page.getByRole('heading', { name: 'Pengaturan', level: 1 }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Detail acara' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('id');
  });
});
