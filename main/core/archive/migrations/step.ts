/**
 * What a migration step is, and how it reads a document as an older release wrote it.
 *
 * Owns: the `Migration` interface, and the raw read migrations work on — before a document
 * matches today's schemas it cannot be validated with them — through the store (so links are
 * refused like everywhere else).
 */
import type { ArchiveStore } from '../store';

export interface Migration {
  /** The format version this step produces. */
  version: number;
  description: string;
  /** Runs under the archive lock, with every file access through the store. */
  migrate(store: ArchiveStore): Promise<void>;
}

/**
 * A document as raw JSON (migrations work on what an older release wrote, before it matches
 * today's schemas): null when missing, damaged, not an object, or over 64 MB.
 */
export async function readRawJson(store: ArchiveStore, rel: string): Promise<Record<string, unknown> | null> {
  const bytes = await store.readBytes(rel, 64 * 1024 * 1024).catch(() => null);
  if (!bytes) return null;
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
