/**
 * A host: one open archive with its handlers, dispatcher and push bus.
 *
 * Owns: wiring the domain core to the contract for one process. The desktop app and
 * `risalah serve` each create one and put their transport in front of it.
 */
import pkg from '../../package.json';
import { Archive } from '../core/archive/archive';
import { createDispatcher, type Dispatch } from './dispatch';
import { createHandlers, type Handlers } from './handlers';
import { PushBus } from './pushes';

export interface Host {
  archive: Archive;
  handlers: Handlers;
  dispatch: Dispatch;
  pushes: PushBus;
  close(): Promise<void>;
}

export const APP_VERSION: string = pkg.version;

export async function openHost(options: {
  archiveDir: string;
  kind: 'electron' | 'web';
  log?: (message: string, error: unknown) => void;
}): Promise<Host> {
  const archive = await Archive.open(options.archiveDir);
  const pushes = new PushBus();
  const handlers = createHandlers({
    archive,
    host: options.kind,
    version: APP_VERSION,
    push: (name, payload) => pushes.push(name, payload),
  });
  const dispatch = createDispatcher(handlers, options.log ? { log: options.log } : {});
  return { archive, handlers, dispatch, pushes, close: async () => undefined };
}
