/** `risalah events` and `risalah event create`. */
import { EventCreateInput, EventListInput, EventType, IsoDate } from '../api/schemas';
import { formatLongDate } from '../api/format';
import { Archive } from '../core/archive/archive';
import { defaultArchiveDir } from '../core/archive/paths';
import { check, parse } from './args';
import { cliLanguage, t } from './i18n';

const archiveOption = { archive: { type: 'string' } } as const;

export async function commandEvents(args: string[]): Promise<number> {
  const { values } = parse(args, {
    ...archiveOption,
    json: { type: 'boolean' },
    type: { type: 'string' },
    year: { type: 'string' },
    q: { type: 'string' },
  });
  const filters = check('type', EventListInput, {
    ...(values.type ? { type: values.type } : {}),
    ...(values.year ? { year: Number(values.year) } : {}),
    ...(values.q ? { q: values.q } : {}),
  });
  const archive = await Archive.open(values.archive ?? defaultArchiveDir());
  const { events } = await archive.listEvents(filters);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(events, null, 2)}\n`);
  } else if (events.length === 0) {
    process.stdout.write(`${t('cli.noEvents')}\n`);
  } else {
    for (const e of events) {
      process.stdout.write(`${e.id}\t${formatLongDate(e.date, cliLanguage)}\t${t(`event.types.${e.type}`)}\t${e.title}\n`);
    }
  }
  return 0;
}

export async function commandEventCreate(args: string[]): Promise<number> {
  const { values } = parse(args, {
    ...archiveOption,
    json: { type: 'boolean' },
    title: { type: 'string' },
    date: { type: 'string' },
    type: { type: 'string' },
  });
  const input = check('title', EventCreateInput.shape.title, values.title ?? '');
  const date = check('date', IsoDate, values.date);
  const type = check('type', EventType, values.type);
  const archive = await Archive.open(values.archive ?? defaultArchiveDir());
  const event = await archive.createEvent({ title: input, date, type });
  if (values.json) process.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
  else process.stdout.write(`${t('cli.eventCreated', { id: event.id })}\n`);
  return 0;
}
