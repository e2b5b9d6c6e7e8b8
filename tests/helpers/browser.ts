/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags this
 * machine needs, and failure artefacts (screenshot + server log) under test-results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './tmp';

export const CHROMIUM = process.env.RISALAH_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  // playwright gives each launch a fresh, temporary --user-data-dir.
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

const resultsDir = path.join(repoRoot, 'test-results');

export async function saveFailureArtifacts(name: string, page: Page | undefined, serverLog: string): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const base = path.join(resultsDir, name.replace(/[^a-z0-9-]+/gi, '-').slice(0, 80));
  writeFileSync(`${base}.server.log`, serverLog);
  if (page && !page.isClosed()) {
    await page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => undefined);
    writeFileSync(`${base}.html`, await page.content().catch(() => ''));
  }
}
