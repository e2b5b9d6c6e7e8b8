/**
 * `risalah search QUERY`: every word said at every event, from the command line.
 *
 * Prints events with their hits (time in the recording, speaker, snippet with «matches»), or with
 * --json one object per hit: eventId, recordingId, startSec, endSec, speaker, snippet (plain
 * text) and the highlighted parts. The index is a cache inside the archive: built on first use
 * (progress on stderr), brought up to date with what changed on disk before searching.
 */
import { formatClock, formatLongDate } from '../api/format';
import { EventType, IsoDate } from '../api/schemas';
import type { SearchOptions } from '../api/search';
import { defaultArchiveDir } from '../core/archive/paths';
import { Archive } from '../core/archive/archive';
import { SearchIndex } from '../core/search';
import { check, parse, UsageError } from './args';
import { cliLanguage, t } from './i18n';

export async function commandSearch(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      archive: { type: 'string' },
      speaker: { type: 'string' },
      type: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      event: { type: 'string' },
      affixes: { type: 'boolean' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  const query = positionals.join(' ').trim();
  if (!query && !values.speaker) throw new UsageError(t('cli.searchQueryNeeded'));
  const options: SearchOptions = {
    prefixLast: false,
    hitsPerEvent: 1000,
    limit: values.limit ? Math.max(1, Math.min(200, Number(values.limit) || 20)) : 50,
    ...(values.speaker ? { speaker: values.speaker } : {}),
    ...(values.type ? { type: check('type', EventType, values.type) } : {}),
    ...(values.from ? { from: check('from', IsoDate, values.from) } : {}),
    ...(values.to ? { to: check('to', IsoDate, values.to) } : {}),
    ...(values.event ? { eventId: values.event } : {}),
    ...(values.affixes ? { affixes: true } : {}),
  };
  const archive = await Archive.open(values.archive ?? defaultArchiveDir());
  const index = await SearchIndex.open(archive.dir, {
    onProgress: (done, total) => process.stderr.isTTY && process.stderr.write(`\r${t('cli.indexing', { done, total })}`),
  });
  try {
    await index.ready;
    await index.refresh();
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
    const results = index.search(query, options);
    if (values.json) {
      const hits = results.groups.flatMap((g) =>
        g.hits.map((h) => ({
          eventId: g.eventId,
          eventTitle: g.title,
          date: g.date,
          kind: h.kind,
          recordingId: h.recordingId ?? null,
          segmentId: h.segmentId ?? null,
          quoteId: h.quoteId ?? null,
          startSec: h.startSec ?? null,
          endSec: h.endSec ?? null,
          speaker: h.speaker ?? null,
          snippet: h.snippet.map((p) => p.text).join(''),
          highlights: h.snippet,
        })),
      );
      process.stdout.write(`${JSON.stringify({ total: results.total, hits }, null, 2)}\n`);
      return 0;
    }
    if (results.groups.length === 0) {
      process.stdout.write(`${t('cli.noResults', { query })}\n`);
      return 0;
    }
    for (const g of results.groups) {
      process.stdout.write(`\n${formatLongDate(g.date, cliLanguage)} — ${g.title} [${g.eventId}]\n`);
      for (const h of g.hits) {
        const where = h.startSec !== undefined ? `${formatClock(h.startSec)} ` : '';
        const who = h.speaker ? `${h.speaker}: ` : '';
        const text = h.snippet.map((p) => (p.match ? `«${p.text}»` : p.text)).join('');
        process.stdout.write(`  ${where}${who}${text}${h.recordingId ? `  (${h.recordingId})` : ''}\n`);
      }
    }
    return 0;
  } finally {
    await index.close();
  }
}
