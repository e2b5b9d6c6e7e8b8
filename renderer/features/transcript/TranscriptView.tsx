/**
 * A transcript, read-only (on the event page).
 *
 * Owns: one row per segment with its start time (a button that plays the recording from there),
 * words Whisper was unsure of marked, Whisper's own text for segments the replacement list
 * changed (on hover and for screen readers), and — while a job runs — following the newest row unless the reader scrolled up.
 */
import { memo, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../../main/api/format';
import type { TranscriptSegment } from '../../../main/api/schemas';
import type { TranscriptMode } from './useTranscript';

/** Words Whisper was less sure of than this are marked (subtly) for checking. */
export const LOW_CONFIDENCE = 0.5;

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

export function TranscriptView({
  id,
  label,
  mode,
  segments,
  currentTime,
  onPlayFrom,
  resumeFromSec,
  durationSec,
}: {
  id?: string;
  label: string;
  mode: TranscriptMode;
  segments: readonly TranscriptSegment[];
  /** The recording's playhead, to mark the segment being heard. */
  currentTime: number | null;
  onPlayFrom: (sec: number) => void;
  /** For a partial transcript: where the interrupted job stopped. */
  resumeFromSec?: number;
  durationSec: number;
}) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  // Follow the newest live segment while the reader stays at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && mode === 'live' && stick.current) el.scrollTop = el.scrollHeight;
  }, [segments.length, mode]);

  let heard: string | null = null;
  if (currentTime !== null) {
    for (const s of segments) if (s.start <= currentTime && currentTime < s.end) heard = s.id;
  }

  let head: ReactNode = null;
  if (mode === 'live') {
    head = (
      <p className="transcript-live-status" role="status">
        <span className="live-dot" aria-hidden="true" /> {t('transcript.live')}
        {segments.length > 0 && <span className="muted"> · {t('transcript.segmentCount', { count: segments.length })}</span>}
      </p>
    );
  } else if (mode === 'partial') {
    head = (
      <p className="transcript-partial-note">
        <span className="type-badge">{t('transcript.partial')}</span>{' '}
        {t('transcript.partialNote', { time: formatClock(resumeFromSec ?? 0), duration: formatClock(durationSec) })}
      </p>
    );
  }

  return (
    <section id={id} className={`transcript transcript-${mode}`} aria-label={label} data-mode={mode}>
      {head}
      {segments.length === 0 ? (
        <p className="muted transcript-empty">{mode === 'live' ? t('transcript.waitingFirst') : t('transcript.empty')}</p>
      ) : (
        <div
          ref={scroller}
          className="transcript-scroll"
          tabIndex={0}
          role="group"
          aria-label={t('transcript.segmentsLabel', { count: segments.length })}
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
          }}
        >
          <ol className="segments">
            {segments.map((s) => (
              <SegmentRow key={s.id} segment={s} heard={s.id === heard} onPlayFrom={onPlayFrom} />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

const SegmentRow = memo(function SegmentRow({
  segment,
  heard,
  onPlayFrom,
}: {
  segment: TranscriptSegment;
  heard: boolean;
  onPlayFrom: (sec: number) => void;
}) {
  const { t } = useTranslation();
  const time = formatClock(segment.start);
  let text: ReactNode;
  if (segment.rawText !== undefined && segment.rawText !== segment.text) {
    const original = t('transcript.original', { text: segment.rawText });
    text = (
      <span className="segment-replaced" title={original}>
        {segment.text}
        <span className="visually-hidden"> ({original})</span>
      </span>
    );
  } else if (segment.words.length && normalise(segment.words.map((w) => w.text).join(' ')) === normalise(segment.text)) {
    text = segment.words.map((w, i) => (
      <span key={i}>
        {i > 0 && ' '}
        {w.p < LOW_CONFIDENCE ? (
          <span className="word-low" title={t('transcript.lowConfidence', { percent: Math.round(w.p * 100) })}>
            {w.text}
          </span>
        ) : (
          w.text
        )}
      </span>
    ));
  } else {
    text = segment.text;
  }
  return (
    <li
      className={`segment${heard ? ' segment-heard' : ''}`}
      data-segment-id={segment.id}
      data-start={segment.start}
      aria-current={heard ? 'true' : undefined}
    >
      <button type="button" className="segment-time" aria-label={t('transcript.playFrom', { time })} onClick={() => onPlayFrom(segment.start)}>
        {time}
      </button>
      <p className="segment-text">{text}</p>
    </li>
  );
});
