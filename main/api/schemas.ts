/**
 * The contract's schemas and types, by domain.
 *
 * Owns: nothing of its own — it gathers the domain files (common, events, jobs, people,
 * transcripts, quotes, models; search has its own) so that a module can import the shapes it
 * needs from one place. Pure: zod only, no Node or DOM APIs, so both the main process and the
 * renderer type-check against it.
 */
export * from './common';
export * from './events';
export * from './jobs';
export * from './people';
export * from './transcripts';
export * from './quotes';
export * from './models';
export * from './diarization';
