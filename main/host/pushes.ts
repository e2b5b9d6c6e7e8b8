/**
 * The push bus: events the main side sends to every connected UI.
 *
 * Owns: fan-out of contract pushes (see `pushes` in main/api/contract.ts) to subscribers — the
 * Electron windows and the web host's event streams. A failing subscriber never stops the others.
 */
import type { PushName, PushPayload } from '../api/contract';

export type PushListener = (name: PushName, payload: unknown) => void;

export class PushBus {
  private readonly listeners = new Set<PushListener>();

  push<P extends PushName>(name: P, payload: PushPayload<P>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (e) {
        console.error(`push ${name} listener failed`, e);
      }
    }
  }

  subscribe(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
