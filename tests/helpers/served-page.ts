/**
 * The end-to-end tests' common ground: Debian's Chromium, `risalah serve` on a temporary archive
 * (with its own config, data and cache folders), one page whose console errors are collected, the
 * failure artefacts of a failed test, and closing it all; plus creating an event through the UI.
 */
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { EventType } from '../../main/api/schemas';
import { launchChromium, saveFailureArtifacts } from './browser';
import { startServe, type Served } from './serve';

export interface ServedPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  served: Served;
  /** Errors the page logged or threw (a test at the end expects none). */
  consoleErrors: string[];
  /** For `afterEach`: screenshot, HTML and the server's log under test-results/ when the test failed. */
  keepArtifactsOnFailure(ctx: { task: { name: string; result?: { state?: string } } }): Promise<void>;
  close(): Promise<void>;
}

export async function openServedPage(options: {
  /** A temporary folder: config/, data/ and cache/ of the server go in it. */
  dir: string;
  archive: string;
  env?: NodeJS.ProcessEnv;
  chromiumArgs?: string[];
  context?: BrowserContextOptions;
}): Promise<ServedPage> {
  const browser = await launchChromium(options.chromiumArgs);
  const served = await startServe(['--archive', options.archive, '--port', '0'], {
    RISALAH_CONFIG_DIR: path.join(options.dir, 'config'),
    RISALAH_DATA_DIR: path.join(options.dir, 'data'),
    RISALAH_CACHE: path.join(options.dir, 'cache'),
    ...options.env,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options.context });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return {
    browser,
    context,
    page,
    served,
    consoleErrors,
    async keepArtifactsOnFailure(ctx) {
      if (ctx.task.result?.state === 'fail') await saveFailureArtifacts(ctx.task.name, page, served.log());
    },
    async close() {
      await page.close();
      await context.close();
      await served.stop();
      await browser.close();
    },
  };
}

/** From the archive screen: "Buat acara", fill the dialog, save; ends on the new event's page. */
export async function createEventInUi(page: Page, event: { title: string; date: string; type: EventType }): Promise<void> {
  await page.getByRole('button', { name: 'Buat acara' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Acara baru' });
  await dialog.getByLabel('Judul acara').fill(event.title);
  await dialog.getByLabel('Tanggal').fill(event.date);
  await dialog.getByLabel('Jenis acara').selectOption(event.type);
  await dialog.getByRole('button', { name: 'Simpan' }).click();
  await page.getByRole('heading', { level: 1, name: event.title }).waitFor();
}
