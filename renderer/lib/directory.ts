/**
 * Archive-wide data several screens show, one store each for the whole window: the speaker
 * directory (`speakers.list`) and the archive settings (`archive.settings`: attribution verb and
 * style, glossary…). Loaded when a screen first looks, reloaded when the host says the archive
 * changed (`archive.changed` without an event: directory and settings changes).
 */
import { useSyncExternalStore } from 'react';
import type { ArchiveSettingsView, Speaker } from '../../main/api/schemas';
import { api } from './api';

interface Store<T> {
  use(): { value: T | null; error: unknown };
  refresh(): Promise<T | null>;
  set(value: T): void;
}

function store<T>(load: () => Promise<T>): Store<T> {
  let snapshot: { value: T | null; error: unknown } = { value: null, error: null };
  const listeners = new Set<() => void>();
  let connected = false;
  let request = 0;
  const publish = (next: typeof snapshot) => {
    snapshot = next;
    for (const l of listeners) l();
  };
  const refresh = async (): Promise<T | null> => {
    const mine = ++request;
    try {
      const value = await load();
      if (mine === request) publish({ value, error: null });
      return value;
    } catch (error) {
      if (mine === request) publish({ value: snapshot.value, error });
      return null;
    }
  };
  const subscribe = (l: () => void) => {
    listeners.add(l);
    if (!connected) {
      connected = true;
      api.on('archive.changed', (p) => {
        if (!p.eventId) void refresh();
      });
      void refresh();
    }
    return () => listeners.delete(l);
  };
  return {
    use: () => useSyncExternalStore(subscribe, () => snapshot),
    refresh,
    set: (value) => {
      request++;
      publish({ value, error: null });
    },
  };
}

export const directory = store<Speaker[]>(() => api.call('speakers.list', {}));
export const archiveSettings = store<ArchiveSettingsView>(() => api.call('archive.settings', {}));

/** The speaker directory (sorted by name), or null while it loads. */
export function useDirectory(): Speaker[] | null {
  return directory.use().value;
}

export function useArchiveSettings(): { value: ArchiveSettingsView | null; error: unknown } {
  return archiveSettings.use();
}

/** "Mashudi, Direktur Jenderal Pemasyarakatan" (the jabatan when there is one). */
export function personLine(p: { name: string; title: string }): string {
  return [p.name.trim(), p.title.trim()].filter(Boolean).join(', ');
}
