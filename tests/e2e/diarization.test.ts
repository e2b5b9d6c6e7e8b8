/**
 * End to end: "Kenali pembicara" in Debian's Chromium against `risalah serve` — real sherpa-onnx in
 * its child process, the designed test models installed through the app (`models.import`), a
 * synthetic event of three espeak-ng voices as the recording, its transcript's segments following
 * the voices.
 *
 * In the editor: run diarization, three speakers "Pembicara 1…3"; name one from the directory
 * (all its segments change at once), merge two, reload — kept (on disk too). Voiceprints: consent
 * given on Mashudi's page, his voice named on recording A; on recording B the suggestion
 * "Mashudi? (kemiripan 0,9…)" appears and one click names him — nothing before the click.
 * Without models: the event page says what to install. Settings › Model lists the models.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkingTranscript } from '../../main/api/schemas';
import { diarizationTestModels, EVENT_A, EVENT_B, syntheticEvent, type SyntheticEvent } from '../helpers/diarization';
import { eventWav, referenceSegments } from '../helpers/diarization-archive';
import type { HostClient } from '../helpers/host-client';
import { e2eSuite, type ServedPage, type ServerState } from '../helpers/served-page';
import { repoRoot, tempDir } from '../helpers/tmp';

const suite = e2eSuite({ name: 'diarization', ignoreConsole: /favicon/ });
const screens = path.join(repoRoot, 'test-results', 'screens');
let sp: ServedPage;
let page: Page;
let a: SyntheticEvent;
let b: SyntheticEvent;
/** An event with recordings A and B (transcripts following the voices), three people in the directory. */
let bare: ServerState;
/** …and the test models installed. */
let ready: ServerState;

async function recordings(host: HostClient): Promise<{ eventId: string; a: string; b: string }> {
  const event = (await host.call('events.list', {})).events[0]!;
  const recs = (await host.call('events.get', { id: event.id })).recordings;
  return { eventId: event.id, a: recs.find((r) => r.originalName === 'Rekaman A.wav')!.id, b: recs.find((r) => r.originalName === 'Rekaman B.wav')!.id };
}

function workingOnDisk(rec: string): WorkingTranscript {
  const events = path.join(sp.dirs.archive, 'events');
  const ev = readdirSync(events)[0]!;
  return JSON.parse(readFileSync(path.join(events, ev, 'transcripts', `${rec}.json`), 'utf8')) as WorkingTranscript;
}

const panel = () => page.locator('.speaker-panel');
const labelItem = (name: string) => panel().locator('.label-item').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) });

async function waitSaved(): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('.save-status')?.getAttribute('data-state') === 'saved', undefined, { timeout: 20_000 });
}

/** The speaker each segment row shows (the option selected in its speaker box). */
async function rowSpeakers(): Promise<string[]> {
  return page.locator('.ed-seg select.ed-speaker').evaluateAll((els) => els.map((e) => (e as unknown as { selectedOptions: { textContent: string }[] }).selectedOptions[0]?.textContent ?? ''));
}

async function openEditor(rec: 'a' | 'b'): Promise<void> {
  const ids = await recordings(sp.host);
  await page.goto(`${sp.served.origin}/#/events/${ids.eventId}/recordings/${ids[rec]}`);
  await page.locator('.ed-seg').first().waitFor();
}

/** Click "Kenali pembicara" (or "Kenali ulang") and wait for that job to end and the panel to say so. */
async function runDiarization(): Promise<void> {
  const diarizeJobs = async () => (await sp.host.call('jobs.list', {})).filter((j) => j.kind === 'diarize');
  const before = (await diarizeJobs()).length;
  await panel().getByRole('button', { name: /^(Kenali pembicara|Kenali ulang)/ }).click();
  await expect.poll(async () => (await diarizeJobs()).filter((j) => j.state === 'done').length, { timeout: 60_000 }).toBe(before + 1);
  await panel().locator('.diarization[data-state="done"]').waitFor({ timeout: 10_000 });
}

beforeAll(async () => {
  const media = tempDir('risalah-e2e-diar-media-');
  [a, b] = await Promise.all([syntheticEvent(EVENT_A), syntheticEvent(EVENT_B)]);
  const wavA = await eventWav(a, 'Rekaman A.wav', media.dir);
  const wavB = await eventWav(b, 'Rekaman B.wav', media.dir);
  const models = await diarizationTestModels();
  bare = await suite.state(async (host) => {
    const event = await host.call('events.create', { title: 'Penandatanganan MoU Ditjenpas', date: '2025-07-01', type: 'penandatanganan' });
    for (const [file, ev] of [
      [wavA, a],
      [wavB, b],
    ] as const) {
      const { uploadId } = await host.upload(file);
      const { jobs } = await host.call('recordings.import', { eventId: event.id, uploads: [{ uploadId }] });
      const done = await host.job(jobs[0]!);
      await host.call('transcripts.save', { eventId: event.id, recordingId: done.result!.recordingId!, baseRev: 0, labels: [], segments: referenceSegments(ev) });
    }
    await host.call('speakers.add', { name: 'Rina Wulandari', title: 'Pembawa Acara' });
    await host.call('speakers.add', { name: 'Mashudi', title: 'Direktur Jenderal Pemasyarakatan' });
    await host.call('speakers.add', { name: 'Anda Tuning', title: 'Kepala Rutan Kelas IIB Kudus' });
  });
  ready = await suite.state(async (host) => {
    for (const file of [models.segmentation, models.embedding]) {
      const { uploadId } = await host.upload(file, path.basename(file));
      await host.job((await host.call('models.import', { uploadId })).job);
    }
    const overview = await host.call('diarization.models', {});
    if (!overview.ready) throw new Error(`models not ready: ${JSON.stringify(overview.missing)}`);
  }, bare);
}, 300_000);

describe('Kenali pembicara in the browser', () => {
  it('without models: the event page says what to install; naming by hand still works', async () => {
    sp = await suite.open(bare);
    page = sp.page;
    const { eventId } = await recordings(sp.host);
    await page.goto(`${sp.served.origin}/#/events/${eventId}`);
    const missing = page.locator('.diarization-missing').first();
    await missing.waitFor();
    expect(await missing.textContent()).toMatch(/Model pengenal pembicara belum terpasang/);
    await missing.getByRole('link', { name: 'Pasang model pengenal pembicara' }).click();
    await page.locator('.diarization-models').waitFor();
    expect(await page.locator('.diarization-catalog tr[data-catalog-id="pyannote-segmentation-3.0"]').textContent()).toMatch(/MIT.*220ad67ca923/);
    await page.locator('.diarization-models').screenshot({ path: path.join(screens, 'diarization-models.png') });
  });

  it('runs in the editor; naming a cluster names all its segments; merging two; reload — kept', async () => {
    sp = await suite.open(ready);
    page = sp.page;
    await openEditor('a');
    expect(new Set(await rowSpeakers())).toEqual(new Set(['— Tanpa pembicara —']));
    await runDiarization();
    await panel().locator('.label-item').nth(2).waitFor();
    expect(await panel().locator('.label-name').allTextContents()).toEqual(['Pembicara 1', 'Pembicara 2', 'Pembicara 3']);
    // the MC opens, returns; the Kakanwil; Anda Tuning (the reference's order)
    expect(await rowSpeakers()).toEqual(['Pembicara 1', 'Pembicara 2', 'Pembicara 3', 'Pembicara 1', 'Pembicara 3', 'Pembicara 2']);
    await page.screenshot({ path: path.join(screens, 'diarization-editor.png') });

    // name "Pembicara 2" Mashudi: every segment of that speaker changes at once
    const p2 = labelItem('Pembicara 2');
    await p2.getByRole('button', { name: /^Tautkan ke direktori/ }).click();
    await p2.getByLabel('Orang di direktori').selectOption({ label: 'Mashudi — Direktur Jenderal Pemasyarakatan' });
    await p2.getByRole('button', { name: 'Tautkan', exact: true }).click();
    await labelItem('Mashudi').waitFor();
    expect(await rowSpeakers()).toEqual(['Pembicara 1', 'Mashudi', 'Pembicara 3', 'Pembicara 1', 'Pembicara 3', 'Mashudi']);

    // merge "Pembicara 3" into "Pembicara 1" (as for two clusters of one voice)
    const p3 = labelItem('Pembicara 3');
    await p3.getByRole('button', { name: /^Gabungkan…/ }).click();
    await p3.getByLabel('Gabungkan Pembicara 3 ke').selectOption({ label: 'Pembicara 1' });
    await p3.getByRole('button', { name: 'Gabungkan', exact: true }).click();
    await expect.poll(() => panel().locator('.label-name').allTextContents()).toEqual(['Pembicara 1', 'Mashudi']);
    expect(await rowSpeakers()).toEqual(['Pembicara 1', 'Mashudi', 'Pembicara 1', 'Pembicara 1', 'Pembicara 1', 'Mashudi']);
    await waitSaved();

    await page.reload();
    await page.locator('.ed-seg').first().waitFor();
    await expect.poll(() => panel().locator('.label-name').allTextContents()).toEqual(['Pembicara 1', 'Mashudi']);
    expect(await rowSpeakers()).toEqual(['Pembicara 1', 'Mashudi', 'Pembicara 1', 'Pembicara 1', 'Pembicara 1', 'Mashudi']);
    const { a: recA } = await recordings(sp.host);
    const w = workingOnDisk(recA);
    const mashudi = (await sp.host.call('speakers.list', {})).find((p) => p.name === 'Mashudi')!;
    expect(w.labels.map((l) => [l.name, l.speakerId])).toEqual([
      ['Pembicara 1', null],
      ['Pembicara 2', mashudi.id],
    ]);
    expect(w.segments.map((s) => s.speaker)).toEqual(['p1', 'p2', 'p1', 'p1', 'p1', 'p2']);
    // a second run keeps all of it
    await runDiarization();
    await expect.poll(() => panel().locator('.label-name').allTextContents()).toEqual(['Pembicara 1', 'Mashudi']);
    expect(await rowSpeakers()).toEqual(['Pembicara 1', 'Mashudi', 'Pembicara 1', 'Pembicara 1', 'Pembicara 1', 'Mashudi']);
    await panel().screenshot({ path: path.join(screens, 'diarization-panel.png') });
    // the event page says what was found
    await page.goto(`${sp.served.origin}/#/events/${(await recordings(sp.host)).eventId}`);
    const bar = page.locator('article.recording').first().locator('.diarization[data-state="done"]');
    await bar.waitFor();
    expect(await bar.locator('.diarization-status').textContent()).toMatch(/^3 pembicara dikenali/);
    await page.locator('article.recording').first().screenshot({ path: path.join(screens, 'diarization-event.png') });
  });

  it("voiceprints: consent on the person's page, named on A, suggested on B and linked by one click", async () => {
    sp = await suite.open(ready);
    page = sp.page;
    const mashudi = (await sp.host.call('speakers.list', {})).find((p) => p.name === 'Mashudi')!;
    // consent, on Mashudi's page
    await page.goto(`${sp.served.origin}/#/speakers`);
    await page.getByRole('link', { name: 'Mashudi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mashudi' }).waitFor();
    const card = page.locator('.voiceprint');
    expect(await card.textContent()).toMatch(/UU No\. 27 Tahun 2022/);
    await card.getByLabel(/telah menyetujui/).check();
    await card.getByLabel('Catatan persetujuan').fill('setuju lisan, 1 Juli 2025');
    await card.getByRole('button', { name: 'Aktifkan sidik suara' }).click();
    await card.locator('.voiceprint-on').waitFor();

    // recording A: diarize, name the Kakanwil's voice Mashudi
    await openEditor('a');
    await runDiarization();
    const p2 = labelItem('Pembicara 2');
    await p2.getByRole('button', { name: /^Tautkan ke direktori/ }).click();
    await p2.getByLabel('Orang di direktori').selectOption({ label: 'Mashudi — Direktur Jenderal Pemasyarakatan' });
    await p2.getByRole('button', { name: 'Tautkan', exact: true }).click();
    await waitSaved();
    await expect.poll(async () => (await sp.host.call('voiceprints.get', { speakerId: mashudi.id })).prints.length, { timeout: 15_000 }).toBe(1);

    // recording B: a suggestion, and nothing named until it is clicked
    await openEditor('b');
    await runDiarization();
    const suggestion = labelItem('Pembicara 1').locator('.label-suggestion');
    await suggestion.waitFor();
    expect(await suggestion.first().textContent()).toMatch(/^Mashudi\? \(kemiripan 0,\d\d\)/);
    const { b: recB } = await recordings(sp.host);
    expect(workingOnDisk(recB).labels.every((l) => l.speakerId === null)).toBe(true);
    await page.screenshot({ path: path.join(screens, 'diarization-suggestion.png') });
    await suggestion.first().click();
    await labelItem('Mashudi').waitFor();
    await waitSaved();
    expect(workingOnDisk(recB).labels.find((l) => l.speakerId === mashudi.id)?.id).toBe('p1');

    // his page: the voiceprint rests on both recordings (the host follows the save); deleting it
    await expect.poll(async () => (await sp.host.call('voiceprints.get', { speakerId: mashudi.id })).prints[0]?.recordings.length, { timeout: 15_000 }).toBe(2);
    await page.goto(`${sp.served.origin}/#/speakers/${mashudi.id}`);
    await expect.poll(() => page.locator('.voiceprint-recordings li').count()).toBe(2);
    await page.locator('.voiceprint').screenshot({ path: path.join(screens, 'voiceprint.png') });
    await page.getByRole('button', { name: 'Hapus sidik suara' }).click();
    await page.getByRole('button', { name: 'Ya, hapus' }).click();
    await page.getByText('Sidik suara dihapus.').waitFor();
    expect(await sp.host.call('voiceprints.get', { speakerId: mashudi.id })).toEqual({ speakerId: mashudi.id, consent: null, prints: [] });
  });
});
