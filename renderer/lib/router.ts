/**
 * A small hash router: `#/`, `#/settings` (`#/settings/model` opens it at the Whisper models,
 * `#/settings/archive` at the archive-wide settings), `#/events/<id>`, a recording's transcript
 * editor `#/events/<id>/recordings/<rec>` (`?t=12.5` starts it there), the speaker directory
 * `#/speakers` and a person's page `#/speakers/<id>` (their voiceprint), the quote library `#/quotes` (its filters in the query) and the search results
 * `#/search?q=…` (query and filters in the query). The hash keeps deep links working the same
 * under `risalah://app/` in Electron and `http://…/` in the web host.
 */
import { useEffect, useState } from 'react';
import { EventType } from '../../main/api/schemas';

export const SETTINGS_SECTIONS = ['model', 'archive'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** Filters of the quote library, as the hash's query carries them. */
export interface QuoteFilterQuery {
  eventId?: string;
  speakerId?: string;
  /** A speaker's name (people not in the directory). */
  speaker?: string;
  tag?: string;
  from?: string;
  to?: string;
  /** Only quotes not yet checked against the recording. */
  unchecked?: boolean;
}

/** A search of the archive, as the hash's query carries it (`#/search?q=…&speaker=…&affixes=1`). */
export interface SearchQuery {
  q: string;
  /** Only what this person said (a name: every word must be in the speaker's name). */
  speaker?: string;
  type?: EventType;
  from?: string;
  to?: string;
  /** Match Indonesian affixes ("pembinaan" also finds "membina"). */
  affixes?: boolean;
}

export type Route =
  | { name: 'archive' }
  | { name: 'settings'; section?: SettingsSection }
  | { name: 'event'; id: string }
  /** `t`: start there; `play`: and play from there (a search hit was opened). */
  | { name: 'recording'; eventId: string; recordingId: string; t?: number; play?: boolean }
  | { name: 'speakers' }
  | { name: 'person'; id: string }
  | { name: 'quotes'; filter: QuoteFilterQuery }
  | { name: 'search'; query: SearchQuery };

const ID = '[a-z0-9](?:[a-z0-9-]{0,94}[a-z0-9])?';

export function quoteFilterOf(query: string): QuoteFilterQuery {
  const q = new URLSearchParams(query);
  const f: QuoteFilterQuery = {};
  const id = new RegExp(`^${ID}$`);
  const event = q.get('event');
  if (event && id.test(event)) f.eventId = event;
  const speakerId = q.get('speakerId');
  if (speakerId && id.test(speakerId)) f.speakerId = speakerId;
  const speaker = q.get('speaker')?.trim();
  if (speaker) f.speaker = speaker.slice(0, 120);
  const tag = q.get('tag')?.trim();
  if (tag) f.tag = tag.slice(0, 60);
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const from = q.get('from');
  if (from && date.test(from)) f.from = from;
  const to = q.get('to');
  if (to && date.test(to)) f.to = to;
  if (q.get('unchecked') === '1') f.unchecked = true;
  return f;
}

export function searchQueryOf(query: string): SearchQuery {
  const q = new URLSearchParams(query);
  const out: SearchQuery = { q: (q.get('q') ?? '').slice(0, 500) };
  const speaker = q.get('speaker')?.trim();
  if (speaker) out.speaker = speaker.slice(0, 120);
  const type = EventType.safeParse(q.get('type'));
  if (type.success) out.type = type.data;
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const from = q.get('from');
  if (from && date.test(from)) out.from = from;
  const to = q.get('to');
  if (to && date.test(to)) out.to = to;
  if (q.get('affixes') === '1') out.affixes = true;
  return out;
}

function searchQueryString(s: SearchQuery): string {
  const q = new URLSearchParams();
  if (s.q.trim()) q.set('q', s.q.trim());
  if (s.speaker?.trim()) q.set('speaker', s.speaker.trim());
  if (s.type) q.set('type', s.type);
  if (s.from) q.set('from', s.from);
  if (s.to) q.set('to', s.to);
  if (s.affixes) q.set('affixes', '1');
  const str = q.toString();
  return str ? `?${str}` : '';
}

function quoteQueryOf(f: QuoteFilterQuery): string {
  const q = new URLSearchParams();
  if (f.eventId) q.set('event', f.eventId);
  if (f.speakerId) q.set('speakerId', f.speakerId);
  if (f.speaker) q.set('speaker', f.speaker);
  if (f.tag) q.set('tag', f.tag);
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (f.unchecked) q.set('unchecked', '1');
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const event = /^\/events\/([a-z0-9-]+)$/.exec(path);
  if (event?.[1]) return { name: 'event', id: event[1] };
  const [bare = '', query = ''] = path.split('?', 2);
  const recording = new RegExp(`^/events/(${ID})/recordings/(${ID})$`).exec(bare);
  if (recording?.[1] && recording[2]) {
    const params = new URLSearchParams(query);
    const t = Number(params.get('t'));
    return {
      name: 'recording',
      eventId: recording[1],
      recordingId: recording[2],
      ...(query && Number.isFinite(t) && t > 0 ? { t } : {}),
      ...(params.get('play') === '1' ? { play: true } : {}),
    };
  }
  if (bare === '/speakers') return { name: 'speakers' };
  const person = new RegExp(`^/speakers/(${ID})$`).exec(bare);
  if (person?.[1]) return { name: 'person', id: person[1] };
  if (bare === '/quotes') return { name: 'quotes', filter: quoteFilterOf(query) };
  if (bare === '/search') return { name: 'search', query: searchQueryOf(query) };
  if (path === '/settings') return { name: 'settings' };
  const settings = /^\/settings\/([a-z]+)$/.exec(path);
  if (settings && (SETTINGS_SECTIONS as readonly string[]).includes(settings[1] ?? '')) {
    return { name: 'settings', section: settings[1] as SettingsSection };
  }
  return { name: 'archive' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'archive':
      return '#/';
    case 'settings':
      return route.section ? `#/settings/${route.section}` : '#/settings';
    case 'event':
      return `#/events/${route.id}`;
    case 'recording': {
      const q = new URLSearchParams();
      if (route.t) q.set('t', String(Math.round(route.t * 100) / 100));
      if (route.play) q.set('play', '1');
      const str = q.toString();
      return `#/events/${route.eventId}/recordings/${route.recordingId}${str ? `?${str}` : ''}`;
    }
    case 'speakers':
      return '#/speakers';
    case 'person':
      return `#/speakers/${route.id}`;
    case 'quotes':
      return `#/quotes${quoteQueryOf(route.filter)}`;
    case 'search':
      return `#/search${searchQueryString(route.query)}`;
  }
}

export function navigate(route: Route): void {
  location.hash = hrefOf(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

const ARCHIVE_HASH_KEY = 'risalah.archiveHash';

/** The archive list as last seen in this window (with its filters), for "back to the archive". */
export function archiveHref(): string {
  try {
    const hash = sessionStorage.getItem(ARCHIVE_HASH_KEY);
    if (hash && parseRoute(hash).name === 'archive') return hash;
  } catch {
    // storage unavailable
  }
  return hrefOf({ name: 'archive' });
}

export function rememberArchiveHref(hash: string): void {
  try {
    sessionStorage.setItem(ARCHIVE_HASH_KEY, hash);
  } catch {
    // storage unavailable
  }
}
