/**
 * The contract's routes (main/api/routes.ts): what the renderer builds, the host parses back —
 * and what is not a route of the archive (a path, a traversal, a malformed id) parses to nothing.
 */
import { describe, expect, it } from 'vitest';
import { callRoute, clipRoute, mediaRoute, uploadRoute } from '../../../main/api/routes';

describe('routes of the contract', () => {
  it('parse what they build', () => {
    expect(mediaRoute.parse(mediaRoute.url('2025-07-01-mou-ditjenpas', 'rec-0a1b2c'))).toEqual({ eventId: '2025-07-01-mou-ditjenpas', fileId: 'rec-0a1b2c' });
    const quote = { eventId: '2025-07-01-mou-ditjenpas', id: 'qt-9f8e', updatedAt: '2025-07-01T10:00:00.000Z' };
    const clip = new URL(clipRoute.url(quote), 'http://x');
    expect(clipRoute.parse(clip.pathname)).toEqual({ eventId: quote.eventId, quoteId: quote.id });
    expect(clip.searchParams.get('v')).toBe(quote.updatedAt);
    expect(callRoute.parse(callRoute.url('events.create'))).toBe('events.create');
    expect(uploadRoute.decodeName(uploadRoute.encodeName('Sambutan Kalapas — 1 Juli.m4a'))).toBe('Sambutan Kalapas — 1 Juli.m4a');
  });

  it('refuse paths that are not an archive file of an event', () => {
    for (const p of ['/media/ev/event.json', '/media/../archive.json', '/media/ev/..%2F..%2Farchive.json', '/media/ev', '/media/Ev/rec-1', '/clips/ev/qt-1.wav', '/clips/ev/../qt-1.mp3']) {
      expect(p.startsWith('/media/') ? mediaRoute.parse(p) : clipRoute.parse(p), p).toBeNull();
    }
    expect(callRoute.parse('/api/events')).toBeNull();
  });

  it('name an upload "berkas" when its name is missing or malformed', () => {
    expect(uploadRoute.decodeName(null)).toBe('berkas');
    expect(uploadRoute.decodeName('%E0%A4%A')).toBe('berkas');
  });
});
