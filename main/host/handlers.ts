/**
 * Handlers: what each call of the contract does, in terms of the domain core.
 *
 * Owns: the mapping from call name to core operation, and the pushes that follow a change. A
 * handler receives input already validated by the dispatcher; it decides nothing about
 * transports. Every call in the contract must have a handler here (the type enforces it).
 */
import type { CallArgs, CallName, CallResult, PushName, PushPayload } from '../api/contract';
import type { Archive } from '../core/archive/archive';

export type Handlers = { [N in CallName]: (args: CallArgs<N>) => Promise<CallResult<N>> };

export interface HostContext {
  archive: Archive;
  host: 'electron' | 'web';
  version: string;
  push<P extends PushName>(name: P, payload: PushPayload<P>): void;
}

export function createHandlers(ctx: HostContext): Handlers {
  const { archive } = ctx;
  return {
    'app.info': async () => ({
      version: ctx.version,
      archiveDir: archive.dir,
      host: ctx.host,
      problems: [...archive.problems],
    }),
    'events.list': () => archive.listEvents(),
    'events.get': ({ id }) => archive.getEvent(id),
    'events.create': async (input) => {
      const event = await archive.createEvent(input);
      ctx.push('archive.changed', { eventId: event.id });
      return event;
    },
  };
}
