/**
 * The host's search index: opened with the archive, kept fresh as the archive changes.
 *
 * Owns: opening the index in the background when the host starts (a missing, damaged or old
 * index is rebuilt — it is a cache), re-indexing an event shortly after it changes (debounced:
 * an editor autosaving every second does not re-index every second), a full refresh when
 * archive-wide data changes (speakers, glossary) or when asked (files edited by hand), and
 * closing it with the host. It follows the archive's own change events (every write through the
 * store, this process's or another's), so no write can leave the index stale.
 */
import type { IndexStatus, SearchOptions, SearchResults } from '../api/search';
import type { ChangeListener } from '../core/archive/changes';
import { SearchIndex } from '../core/search';

const DEBOUNCE_MS = 800;

export class SearchHost {
  private index: Promise<SearchIndex> | null = null;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private refreshTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly archiveDir: string,
    subscribe: (listener: ChangeListener) => () => void,
    private readonly log: (message: string, error: unknown) => void,
  ) {
    this.unsubscribe = subscribe((change) => {
      if (change.kind === 'diarization') return; // turns and clusters: nothing the index holds
      if (change.kind === 'archive' || change.kind === 'all') this.refreshSoon();
      else this.reindexSoon(change.eventId);
    });
  }

  /** The index, opened (and built in the background when needed) on first use. */
  open(): Promise<SearchIndex> {
    if (!this.index) {
      const opening = SearchIndex.open(this.archiveDir, { background: true }).then(async (index) => {
        // Files may have changed while the app was closed (or by hand): catch up in the background.
        void index.ready.then(() => index.refresh()).catch((e: unknown) => this.log('search refresh failed', e));
        return index;
      });
      // A failed open (a full or read-only disk…) is tried again by the next search, not kept.
      opening.catch(() => {
        if (this.index === opening) this.index = null;
      });
      this.index = opening;
    }
    return this.index;
  }

  async search(query: string, options: SearchOptions): Promise<SearchResults> {
    return (await this.open()).search(query, options);
  }

  async status(): Promise<IndexStatus> {
    return (await this.open()).status;
  }

  /** Re-read everything that changed on disk (e.g. after the window regains focus). */
  async refresh(): Promise<void> {
    const index = await this.open();
    await index.ready;
    await index.refresh();
  }

  private reindexSoon(eventId: string): void {
    clearTimeout(this.pending.get(eventId));
    this.pending.set(
      eventId,
      setTimeout(() => {
        this.pending.delete(eventId);
        void this.open()
          .then(async (index) => {
            await index.ready;
            await index.reindexEvent(eventId);
          })
          .catch((e: unknown) => this.log(`search: re-indexing ${eventId} failed`, e));
      }, DEBOUNCE_MS),
    );
  }

  private refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh().catch((e: unknown) => this.log('search refresh failed', e));
    }, DEBOUNCE_MS);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const t of this.pending.values()) clearTimeout(t);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const index = await this.index?.catch(() => null);
    await index?.close();
  }
}
