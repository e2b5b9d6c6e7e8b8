/**
 * The typed client of the contract, independent of how calls travel.
 *
 * Owns: turning `client.call('events.create', {...})` into a transport request and an envelope
 * back into a value or an `ApiCallError`. The transports (Electron IPC through `window.risalah`,
 * HTTP for `risalah serve`) live with the renderer; tests use the same client against the web host.
 */
import type { ApiError, Envelope, ErrorCode, ErrorParams } from './errors';
import type { CallInput, CallName, CallResult, PushName, PushPayload } from './contract';

export interface Transport {
  invoke(name: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly issues: string[];
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.params = error.params ?? {};
    this.issues = error.issues ?? [];
  }
}

export interface Client {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  on<P extends PushName>(name: P, listener: (payload: PushPayload<P>) => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    async call(name, input) {
      const envelope = await transport.invoke(name, input);
      if (envelope.ok) return envelope.value as never;
      throw new ApiCallError(envelope.error);
    },
    on(name, listener) {
      return transport.subscribe((n, payload) => {
        if (n === name) listener(payload as never);
      });
    },
  };
}
