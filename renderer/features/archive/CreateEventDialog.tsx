/**
 * "Acara baru": the modal dialog that creates an event from its title, date (today by default) and
 * type (`events.create`); the host's refusal is shown in it and marks the fields it names.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import type { EventRecord, EventType } from '../../../main/api/schemas';
import { EventTypeSelect } from '../../components/EventTypeSelect';
import { ErrorBanner } from '../../components/ErrorBanner';
import { api } from '../../lib/api';
import { useAction } from '../../lib/useAction';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function CreateEventDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (e: EventRecord) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(today);
  const [type, setType] = useState<EventType>('upacara');
  const { run, busy, error } = useAction(async () => onCreated(await api.call('events.create', { title, date, type })));

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    void run();
  }

  const invalid = new Set(
    error instanceof ApiCallError ? error.issues.map((i) => i.split(':')[0]?.trim() ?? '') : [],
  );

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="new-event-title" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id="new-event-title">{t('event.new')}</h2>
        <ErrorBanner error={error} />
        <label className="field">
          <span>{t('event.title')}</span>
          <input
            name="title"
            value={title}
            required
            maxLength={300}
            placeholder={t('event.titlePlaceholder')}
            aria-invalid={invalid.has('title') || undefined}
            onChange={(e) => setTitle(e.target.value)}
            autoFocus
          />
        </label>
        <label className="field">
          <span>{t('event.date')}</span>
          <input
            name="date"
            type="date"
            value={date}
            required
            aria-invalid={invalid.has('date') || undefined}
            onChange={(e) => setDate(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('event.type')}</span>
          <EventTypeSelect value={type} onChange={setType} />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('event.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('event.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
