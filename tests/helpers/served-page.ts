/**
 * The end-to-end tests' common ground, where each test starts from its own state: Debian's
 * Chromium (one per test file), and for every test its own `risalah serve` on its own folders
 * (archive, config, data, cache) and its own browser context and page — so a test that fails
 * leaves nothing behind for the next one.
 *
 * The state a test starts from is made once per file, through the host's API (`suite.state`),
 * and copied for each test that starts from it (the archive's search index, a cache, is not
 * copied: each server builds its own). After each test: the failure artefacts when it failed,
 * and the check that its page logged no errors.
 */
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, expect } from 'vitest';
import type { EventType } from '../../main/api/schemas';
import { launchChromium, saveFailureArtifacts } from './browser';
import { hostClient, type HostClient } from './host-client';
import { startServe, type Served } from './serve';
import { tempDir } from './tmp';

/** A server's folders (each under one root). */
export interface ServerDirs {
  root: string;
  archive: string;
  config: string;
  data: string;
  cache: string;
}

/** A state to start tests from: the archive, config and data folders a server left. */
export interface ServerState {
  dir: string;
}

export interface ServedPage {
  context: BrowserContext;
  page: Page;
  served: Served;
  dirs: ServerDirs;
  /** The host's API, for making or checking state beside the UI. */
  host: HostClient;
  /** Errors the page logged or threw (checked after the test). */
  consoleErrors: string[];
}

export interface E2eSuite {
  /**
   * Make a state to start tests from: a server on a copy of `from` (an empty archive without),
   * `build` run against its API, the server stopped.
   */
  state(build: (host: HostClient, dirs: ServerDirs) => Promise<void>, from?: ServerState): Promise<ServerState>;
  /** For one test: its own server on a copy of `from` (an empty archive without) and its own page. */
  open(from?: ServerState, options?: { env?: NodeJS.ProcessEnv }): Promise<ServedPage>;
}

const SUBDIRS = ['archive', 'config', 'data', 'cache'] as const;

function dirsOf(root: string): ServerDirs {
  return { root, archive: path.join(root, 'arsip'), config: path.join(root, 'config'), data: path.join(root, 'data'), cache: path.join(root, 'cache') };
}

export function e2eSuite(options: {
  /** Names the temporary folder. */
  name: string;
  /** For every server of the file. */
  env?: NodeJS.ProcessEnv;
  chromiumArgs?: string[];
  context?: BrowserContextOptions;
  /** Console errors that are not the page's fault (e.g. a missing favicon). */
  ignoreConsole?: RegExp;
}): E2eSuite {
  let tmp: ReturnType<typeof tempDir> | null = null;
  let browser: Promise<Browser> | null = null;
  let made = 0;
  let current: ServedPage | null = null;
  const running = new Set<Served>();

  const freshDirs = (from?: ServerState): ServerDirs => {
    tmp ??= tempDir(`risalah-e2e-${options.name}-`);
    const dirs = dirsOf(path.join(tmp.dir, String(++made)));
    if (from) {
      // The search index (<archive>/.risalah) is a cache: each server builds its own.
      cpSync(from.dir, dirs.root, { recursive: true, filter: (src) => path.basename(src) !== '.risalah' });
    }
    for (const key of SUBDIRS) mkdirSync(dirs[key], { recursive: true });
    return dirs;
  };

  const serve = async (dirs: ServerDirs, env: NodeJS.ProcessEnv = {}): Promise<Served> => {
    const served = await startServe(['--archive', dirs.archive, '--port', '0'], {
      RISALAH_CONFIG_DIR: dirs.config,
      RISALAH_DATA_DIR: dirs.data,
      RISALAH_CACHE: dirs.cache,
      ...options.env,
      ...env,
    });
    running.add(served);
    return served;
  };

  const stop = async (served: Served) => {
    running.delete(served);
    await served.stop();
  };

  afterEach(async (ctx) => {
    const open = current;
    current = null;
    if (!open) return;
    try {
      if (ctx.task.result?.state === 'fail') await saveFailureArtifacts(ctx.task.name, open.page, open.served.log());
      else expect(open.consoleErrors.filter((e) => !options.ignoreConsole?.test(e)), 'errors logged in the page').toEqual([]);
    } finally {
      await open.page.close().catch(() => undefined);
      await open.context.close().catch(() => undefined);
      await stop(open.served);
    }
  });

  afterAll(async () => {
    for (const served of [...running]) await stop(served);
    if (browser) await (await browser).close();
    tmp?.cleanup();
  });

  return {
    async state(build, from) {
      const dirs = freshDirs(from);
      const served = await serve(dirs);
      try {
        await build(hostClient(served.url), dirs);
      } catch (e) {
        throw new Error(`making a state to start from failed: ${String(e)}\n--- server log ---\n${served.log()}`, { cause: e });
      } finally {
        await stop(served);
      }
      return { dir: dirs.root };
    },

    async open(from, openOptions = {}) {
      if (current) throw new Error('one page per test: the previous one is still open');
      const dirs = freshDirs(from);
      browser ??= launchChromium(options.chromiumArgs);
      const [b, served] = await Promise.all([browser, serve(dirs, openOptions.env)]);
      const context = await b.newContext({ viewport: { width: 1280, height: 800 }, ...options.context });
      // The browser holds the server's token as opening its printed URL would leave it: a cookie.
      const { origin, port, searchParams } = new URL(served.url);
      await context.addCookies([{ name: `risalah_token_${port}`, value: searchParams.get('token') ?? '', url: origin, httpOnly: true, sameSite: 'Strict' }]);
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      current = { context, page, served, dirs, host: hostClient(served.url), consoleErrors };
      return current;
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
