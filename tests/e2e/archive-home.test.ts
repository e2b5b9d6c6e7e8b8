/**
 * End to end: `risalah serve` on a temporary archive, driven in Debian's Chromium.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveFailureArtifacts } from '../helpers/browser';
import { createEventInUi } from '../helpers/served-page';
import { startServe, type Served } from '../helpers/serve';
import { tempDir } from '../helpers/tmp';

let browser: Browser;
let served: Served | undefined;
let page: Page | undefined;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  browser = await launchChromium();
  tmp = tempDir('risalah-e2e-');
});
afterAll(async () => {
  await browser?.close();
  tmp?.cleanup();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await saveFailureArtifacts(ctx.task.name, page, served?.log() ?? '');
  await page?.close();
  page = undefined;
  await served?.stop();
  served = undefined;
});

describe('archive home in the browser', () => {
  it('shows the Indonesian archive screen, creates an event and still lists it after reload and restart', async () => {
    const archive = path.join(tmp.dir, 'arsip');
    served = await startServe(['--archive', archive, '--port', '0']);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(served.url);

    expect(await page.getAttribute('html', 'lang')).toBe('id');
    await page.getByRole('heading', { name: 'Arsip ini masih kosong' }).waitFor();

    // Creating opens the new event's page; the archive list then shows it.
    await createEventInUi(page, { title: 'Penandatanganan MoU Ditjenpas dengan sembilan mitra', date: '2025-07-01', type: 'penandatanganan' });
    await page.getByRole('link', { name: 'Arsip', exact: true }).click();
    const row = page.getByRole('row', { name: /Penandatanganan MoU Ditjenpas dengan sembilan mitra/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Selasa, 1 Juli 2025');
    expect(await row.textContent()).toContain('Penandatanganan MoU/PKS');

    // Written under the archive folder.
    const ids = readdirSync(path.join(archive, 'events'));
    expect(ids).toHaveLength(1);
    const onDisk = JSON.parse(readFileSync(path.join(archive, 'events', ids[0] as string, 'event.json'), 'utf8'));
    expect(onDisk).toMatchObject({ title: 'Penandatanganan MoU Ditjenpas dengan sembilan mitra', date: '2025-07-01', type: 'penandatanganan' });

    await page.reload();
    await page.getByRole('row', { name: /sembilan mitra/ }).waitFor();

    // Restart the server: the archive is files, so the event is still there.
    await served.stop();
    served = await startServe(['--archive', archive, '--port', '0']);
    await page.goto(served.url);
    await page.getByRole('row', { name: /sembilan mitra/ }).waitFor();
    expect(consoleErrors).toEqual([]);
  });

  it('shows a translated validation error and writes nothing for an empty title', async () => {
    const archive = path.join(tmp.dir, 'arsip-validasi');
    served = await startServe(['--archive', archive, '--port', '0']);
    page = await browser.newPage();
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Buat acara' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Acara baru' });
    await dialog.getByLabel('Judul acara').fill('   ');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Isian tidak valid' }).waitFor();
    expect(await dialog.getByLabel('Judul acara').getAttribute('aria-invalid')).toBe('true');
    expect(readdirSync(path.join(archive, 'events'))).toEqual([]);
  });

  it('switches to English and back, and remembers the choice across reloads', async () => {
    const archive = path.join(tmp.dir, 'arsip-bahasa');
    served = await startServe(['--archive', archive, '--port', '0']);
    page = await browser.newPage();
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByLabel('Bahasa tampilan').selectOption('en');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByRole('link', { name: 'Archive' }).click();
    await page.getByRole('heading', { name: 'This archive is empty' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Display language').selectOption('id');
    await page.getByRole('heading', { name: 'Pengaturan' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Pengaturan' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(existsSync(archive)).toBe(true);
  });
});
