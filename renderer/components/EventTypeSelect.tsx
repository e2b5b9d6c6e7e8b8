/**
 * The event-type select (upacara, penandatanganan, rapat…), written once for the event form, the
 * new-event dialog and the archive and search filters.
 *
 * Owns: the list of types as options, in the order of the contract, with their translated names;
 * with `anyLabel`, a first option for "every type" (value '').
 */
import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_TYPES, type EventType } from '../../main/api/schemas';
import type { ControlProps } from './Field';

type Base = Partial<ControlProps> & { name?: string };

/** A type must be chosen (the event form, the new-event dialog). */
export function EventTypeSelect(props: Base & { value: EventType; onChange: (type: EventType) => void; anyLabel?: undefined }): JSX.Element;
/** A filter: '' is "every type", the option labelled `anyLabel`. */
export function EventTypeSelect(props: Base & { value: EventType | ''; onChange: (type: EventType | '') => void; anyLabel: string }): JSX.Element;
export function EventTypeSelect({
  value,
  onChange,
  anyLabel,
  name = 'type',
  ...control
}: Base & { value: EventType | ''; onChange: (type: EventType) => void; anyLabel?: string | undefined }): JSX.Element {
  const { t } = useTranslation();
  return (
    <select {...control} name={name} value={value} onChange={(e) => onChange(e.target.value as EventType)}>
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {EVENT_TYPES.map((ty) => (
        <option key={ty} value={ty}>
          {t(`event.types.${ty}`)}
        </option>
      ))}
    </select>
  );
}
