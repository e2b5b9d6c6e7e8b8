/** `risalah serve`: the archive and the UI for a browser. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultArchiveDir } from '../core/archive/paths';
import { openHost } from '../host/host';
import { isLoopback, startWebServer } from '../host/web-server';
import { parse, UsageError } from './args';
import { t } from './i18n';

/** dist/cli.js sits beside dist/renderer/; RISALAH_RENDERER_DIR overrides (tests, packaging). */
export function rendererDir(): string {
  if (process.env.RISALAH_RENDERER_DIR) return path.resolve(process.env.RISALAH_RENDERER_DIR);
  return fileURLToPath(new URL('./renderer/', import.meta.url));
}

export async function commandServe(args: string[]): Promise<number> {
  const { values } = parse(args, {
    archive: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  const port = values.port === undefined ? 5055 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port}`);
  const dir = rendererDir();
  if (!existsSync(path.join(dir, 'index.html'))) {
    process.stderr.write(`risalah: renderer not built at ${dir} (run npm run build)\n`);
    return 70;
  }
  const archiveDir = values.archive ?? defaultArchiveDir();
  const listenHost = values.host ?? '127.0.0.1';
  const host = await openHost({
    archiveDir,
    kind: 'web',
    // A browser on this computer may manage its models and threads; none may choose the programs it runs.
    client: isLoopback(listenHost) ? 'local' : 'remote',
    indexOnOpen: true,
    log: (message, error) => console.error(`[${new Date().toISOString()}] ${message}`, error),
  });
  const server = await startWebServer({
    host,
    rendererDir: dir,
    listenHost,
    port,
    log: (line) => console.error(`[${new Date().toISOString()}] ${line}`),
  });
  // The first line of output is the URL (scripts and tests read it).
  process.stdout.write(`${server.url}\n`);
  process.stdout.write(`${t('cli.serving', { dir: host.archive.dir })}\n`);
  process.stdout.write(`${t('cli.tokenNotice')}\n`);
  process.stdout.write(`${t('cli.stop')}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await host.close();
  return 0;
}
