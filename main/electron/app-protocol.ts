/**
 * The `risalah://app/` protocol: the renderer's files, uploads for imports, and the archive's
 * media with HTTP Range (so seeking works), served from main with the app's
 * Content-Security-Policy through the same fetch-style routes as the web host (host/routes.ts).
 */
import type { Protocol } from 'electron';
import type { Host } from '../host/host';
import { createRoutes } from '../host/routes';

import { APP_ORIGIN, APP_SCHEME } from '../api/channels';

export { APP_ORIGIN, APP_SCHEME };

/** Must run before the app is ready. */
export function registerSchemes(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function registerAppProtocol(protocol: Protocol, options: { rendererDir: string; host: Host }): void {
  const routes = createRoutes(options.host, options.rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    return routes(request);
  });
}
