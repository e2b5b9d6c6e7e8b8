/**
 * A small hash router: `#/`, `#/settings` (`#/settings/model` opens it at the Whisper models),
 * `#/events/<id>`. The hash keeps deep links working
 * the same under `risalah://app/` in Electron and `http://…/` in the web host.
 */
import { useEffect, useState } from 'react';

export const SETTINGS_SECTIONS = ['model'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export type Route = { name: 'archive' } | { name: 'settings'; section?: SettingsSection } | { name: 'event'; id: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const event = /^\/events\/([a-z0-9-]+)$/.exec(path);
  if (event?.[1]) return { name: 'event', id: event[1] };
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
