/**
 * The renderer's connection to the main side: the contract's typed client over whichever
 * transport this window has — Electron IPC through the preload's `window.risalah`, or HTTP to
 * `risalah serve` in a browser. Nothing else in the renderer talks to the main side.
 */
import { createClient, type Transport } from '../../main/api/client';
import type { RisalahBridge } from '../../main/api/contract';
import type { Envelope } from '../../main/api/errors';
import { callRoute, eventsRoute, type PushFrame } from '../../main/api/routes';

declare global {
  interface Window {
    risalah?: RisalahBridge;
  }
}

function ipcTransport(bridge: RisalahBridge): Transport {
  return {
    invoke: (name, input) => bridge.invoke(name, input) as Promise<Envelope<unknown>>,
    subscribe: (listener) => bridge.on(listener),
  };
}

function httpTransport(): Transport {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource(eventsRoute.path);
    source.addEventListener(eventsRoute.event, (e) => {
      const { name, payload } = JSON.parse((e as MessageEvent<string>).data) as PushFrame;
      for (const l of listeners) l(name, payload);
    });
  };
  return {
    async invoke(name, input) {
      const res = await fetch(callRoute.url(name), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
      if (res.headers.get('content-type')?.startsWith('application/json')) return (await res.json()) as Envelope<unknown>;
      return { ok: false, error: { code: res.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL', message: `HTTP ${res.status}` } };
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!source) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = null;
        }
      };
    },
  };
}

export const api = createClient(window.risalah ? ipcTransport(window.risalah) : httpTransport());
export const hostKind: 'electron' | 'web' = window.risalah ? 'electron' : 'web';

// The token of `risalah serve` arrives once in the URL; the server has set a cookie, so drop it
// from the address bar.
if (!window.risalah && new URLSearchParams(location.search).has('token')) {
  history.replaceState(null, '', location.pathname + location.hash);
}
