/**
 * The app's HTTP routes beside the calls: each URL the UI asks for and the host answers, written
 * once — a builder for the renderer and a parser for main/host/routes.ts (and the web host), of
 * the same shape, with the result types.
 *
 * Owns:
 *   POST /api/call/<name>            a contract call over HTTP (`risalah serve`): JSON body → envelope
 *   GET  /api/events                 the contract's pushes as Server-Sent Events (`push`: {name, payload})
 *   POST /api/upload                 a file ahead of an import: body = the bytes, its name URI-encoded
 *                                    in `X-File-Name` → `Envelope<UploadResult>`
 *   GET  /media/<event>/<file>       a recording or attachment of an event (HTTP Range); the host
 *                                    looks the file up in event.json, never takes a path from the URL
 *   GET  /clips/<event>/<quote>.mp3  the audio of a quote's span (`?v=` = the quote's updatedAt, so
 *                                    an edited span is fetched anew)
 * Served the same by Electron's `risalah://app/` protocol and by `risalah serve` (except the call
 * and event routes, which only the web host has: Electron uses IPC, see channels.ts).
 * Pure (zod only), like the rest of main/api.
 */
import { Id } from './schemas';

/** Where the API's own routes live: any other path under it is not found (never the renderer). */
export const API_PREFIX = '/api/';

const isId = (s: string | undefined): s is string => s !== undefined && Id.safeParse(s).success;

/** `POST /api/call/<name>`: a call of the contract over HTTP. */
export const callRoute = {
  prefix: '/api/call/',
  url: (name: string): string => `/api/call/${encodeURIComponent(name)}`,
  /**
   * The call name in a pathname under the prefix (checked by the dispatcher, not here), or null
   * for another path and for a name whose escapes do not decode (a malformed `%` is never a call).
   */
  parse(pathname: string): string | null {
    if (!pathname.startsWith(callRoute.prefix)) return null;
    try {
      return decodeURIComponent(pathname.slice(callRoute.prefix.length));
    } catch {
      return null;
    }
  },
} as const;

/** `GET /api/events`: the pushes as Server-Sent Events, each an event named `push`. */
export const eventsRoute = {
  path: '/api/events',
  /** The SSE event name of a push; its data is a `PushFrame`. */
  event: 'push',
} as const;
export interface PushFrame {
  name: string;
  payload: unknown;
}

/** What `POST /api/upload` answers (in an envelope): the id an import call then names. */
export interface UploadResult {
  uploadId: string;
  name: string;
  sizeBytes: number;
}

/** The name a file without one (or with a malformed one) is given. */
const UNNAMED = 'berkas';

/** `POST /api/upload`: a file's bytes for a later import. */
export const uploadRoute = {
  path: '/api/upload',
  /** The header carrying the file's name, URI-encoded (headers are Latin-1). */
  nameHeader: 'X-File-Name',
  encodeName: (name: string): string => encodeURIComponent(name),
  /** The file's name from the header's value; `berkas` when it is missing or malformed. */
  decodeName(header: string | null): string {
    try {
      return decodeURIComponent(header ?? UNNAMED);
    } catch {
      return UNNAMED;
    }
  },
} as const;

/** `GET /media/<event>/<file>`: a recording or an attachment of an event. */
export const mediaRoute = {
  prefix: '/media/',
  url: (eventId: string, fileId: string): string => `/media/${eventId}/${fileId}`,
  /** The event and file ids of a media pathname, or null when it is not one (or an id is not an id). */
  parse(pathname: string): { eventId: string; fileId: string } | null {
    const [, media, eventId, fileId] = pathname.split('/');
    if (media !== 'media' || !isId(eventId) || !isId(fileId)) return null;
    return { eventId, fileId };
  },
} as const;

/** `GET /clips/<event>/<quote>.mp3`: the audio of a quote's span, made on the fly. */
export const clipRoute = {
  prefix: '/clips/',
  url: (quote: { eventId: string; id: string; updatedAt: string }): string =>
    `/clips/${quote.eventId}/${quote.id}.mp3?v=${encodeURIComponent(quote.updatedAt)}`,
  /** The event and quote ids of a clip pathname, or null when it is not one. */
  parse(pathname: string): { eventId: string; quoteId: string } | null {
    const m = /^\/clips\/([a-z0-9-]+)\/([a-z0-9-]+)\.mp3$/.exec(pathname);
    if (!m || !isId(m[1]) || !isId(m[2])) return null;
    return { eventId: m[1], quoteId: m[2] };
  },
} as const;
