/**
 * The `risalah://app/` protocol: the renderer's files (and, as the archive grows, its media with
 * HTTP Range) served from main with the app's Content-Security-Policy, through the same
 * fetch-style handlers as the web host.
 */
import type { Protocol } from 'electron';
import type { Host } from '../host/host';
import { serveRendererFile } from '../host/static';

export const APP_SCHEME = 'risalah';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before the app is ready. */
export function registerSchemes(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function registerAppProtocol(protocol: Protocol, options: { rendererDir: string; host: Host }): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    return serveRendererFile(options.rendererDir, url.pathname);
  });
}
