/**
 * One segment of the transcript in the editor: its time (plays from there), its speaker (a
 * select, or a new speaker), the "edited" mark with the machine's text and "revert", split,
 * merge and delete, and its text (SegmentText) with the word heard highlighted.
 *
 * Owns: a row's rendering (memoised: a keystroke re-renders only its own row) and what it asks
 * of the editor (RowActions).
 */
import { memo, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../../main/api/format';
import type { TranscriptSegment } from '../../../main/api/schemas';
import { machineTextOf, timedWords, type Doc } from './doc';
import { SegmentText, type SegmentHandle, type TextActions } from './SegmentText';
import type { LabelView } from './SpeakerPanel';

/** The select's option for "a new speaker". */
export const NEW_LABEL = '__new';

/** What a row asks of the editor (stable across renders). */
export interface RowActions {
  speaker(id: string, value: string): void;
  split(id: string): void;
  mergeWithNext(id: string): void;
  remove(id: string): void;
  revert(id: string): void;
  playFrom(sec: number): void;
}

export const SegmentRow = memo(function SegmentRow({
  seg,
  index,
  last,
  labels,
  isNow,
  nowWord,
  machine,
  issue,
  actions,
  rowActions,
  register,
  lowTitle,
}: {
  seg: Doc['segments'][number];
  index: number;
  last: boolean;
  labels: LabelView[];
  isNow: boolean;
  nowWord: number;
  machine: TranscriptSegment | undefined;
  issue: string | undefined;
  actions: TextActions;
  rowActions: RowActions;
  register: (id: string, handle: SegmentHandle | null) => void;
  lowTitle: (p: number) => string;
}) {
  const { t } = useTranslation();
  const [showMachine, setShowMachine] = useState(false);
  const time = formatClock(seg.start);
  const label = labels.find((l) => l.label.id === seg.speaker);
  const machineText = machineTextOf(machine, seg);
  const timed = timedWords(seg);
  const who = label?.name ?? t('editor.speakers.nobody');
  return (
    <li
      className={`ed-seg${isNow ? ' ed-seg-now' : ''}${issue ? ' ed-seg-invalid' : ''}${machineText !== null ? ' ed-seg-edited' : ''}`}
      data-seg-id={seg.id}
      data-index={index}
      aria-current={isNow ? 'true' : undefined}
      style={label ? ({ '--spk': label.color } as CSSProperties) : undefined}
    >
      <div className="ed-seg-side">
        <button type="button" className="segment-time" aria-label={t('transcript.playFrom', { time })} onClick={() => rowActions.playFrom(seg.start)}>
          {time}
        </button>
      </div>
      <div className="ed-seg-main">
        <div className="ed-seg-head">
          <select
            className="ed-speaker"
            name="segmentSpeaker"
            aria-label={t('editor.speakerOf', { time })}
            value={seg.speaker ?? ''}
            onChange={(e) => rowActions.speaker(seg.id, e.target.value)}
          >
            <option value="">{t('editor.speakers.nobody')}</option>
            {labels.map((l) => (
              <option key={l.label.id} value={l.label.id}>
                {l.name}
              </option>
            ))}
            <option value={NEW_LABEL}>{t('editor.speakers.newOption')}</option>
          </select>
          {label?.title && <span className="ed-seg-title">{label.title}</span>}
          {machineText !== null && (
            <>
              <button type="button" className="badge badge-edited" aria-expanded={showMachine} title={t('editor.machine.hint')} onClick={() => setShowMachine((s) => !s)}>
                {t('editor.machine.edited')}
              </button>
              <button type="button" className="link-button ed-revert" onClick={() => rowActions.revert(seg.id)}>
                {t('editor.machine.revert')}
                <span className="visually-hidden"> {time}</span>
              </button>
            </>
          )}
          <span className="ed-seg-actions">
            <button type="button" className="icon-button" title={`${t('editor.split')} (Enter)`} onMouseDown={(e) => e.preventDefault()} onClick={() => rowActions.split(seg.id)}>
              <span aria-hidden="true">✂</span>
              <span className="visually-hidden">
                {t('editor.split')} {time}
              </span>
            </button>
            <button type="button" className="icon-button" disabled={last} title={`${t('editor.merge')} (Delete)`} onClick={() => rowActions.mergeWithNext(seg.id)}>
              <span aria-hidden="true">⤓</span>
              <span className="visually-hidden">
                {t('editor.merge')} {time}
              </span>
            </button>
            <button type="button" className="icon-button icon-danger" title={t('editor.delete')} onClick={() => rowActions.remove(seg.id)}>
              <span aria-hidden="true">✕</span>
              <span className="visually-hidden">
                {t('editor.delete')} {time}
              </span>
            </button>
          </span>
        </div>
        <SegmentText
          seg={seg}
          timed={timed}
          nowWord={nowWord}
          label={t('editor.textOf', { time, who })}
          lowTitle={lowTitle}
          actions={actions}
          register={register}
        />
        {showMachine && machineText !== null && (
          <p className="ed-machine">
            <span className="muted">{t('editor.machine.label')}</span> {machineText}
          </p>
        )}
        {issue && <small className="field-error">{issue}</small>}
      </div>
    </li>
  );
});
