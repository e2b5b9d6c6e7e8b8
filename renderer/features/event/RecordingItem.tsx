/**
 * One recording on the event page: its player (audio, or video when it has a picture), waveform
 * seek bar, facts (duration, codec, rate, channels, size, original name), import warnings, label
 * and transcription language, its transcription (RecordingTranscription) and the editor's link,
 * and "Kenali pembicara" (RecordingDiarization).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatNumber } from '../../../main/api/format';
import { mediaRoute } from '../../../main/api/routes';
import { RECORDING_LANGUAGES, type MediaWarning, type RecordingLanguage, type RecordingRecord } from '../../../main/api/schemas';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { InlineField } from '../../components/InlineField';
import { api } from '../../lib/api';
import { formatBytes } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { RecordingDiarization } from '../diarization/DiarizationBar';
import { RecordingTranscription } from '../transcript/RecordingTranscription';
import { Waveform } from './Waveform';

export function RecordingItem({ eventId, recording: rec, index }: { eventId: string; recording: RecordingRecord; index: number }) {
  const { t } = useTranslation();
  const media = useRef<HTMLAudioElement & HTMLVideoElement>(null);
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mediaFailed, setMediaFailed] = useState(false);
  /** The language as chosen here, ahead of the host's confirmation. */
  const [language, setLanguage] = useState(rec.language);
  useEffect(() => setLanguage(rec.language), [rec.language]);
  const duration = rec.durationSec;
  const src = mediaRoute.url(eventId, rec.id);
  const name = rec.title || rec.originalName;
  const lang = currentLanguage();

  // Follow the playhead smoothly while playing.
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    const tick = () => {
      setTime(media.current?.currentTime ?? 0);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing]);

  const seek = (sec: number) => {
    const el = media.current;
    const to = Math.min(Math.max(0, sec), duration);
    if (el) el.currentTime = to;
    setTime(to);
  };

  const play = (el: HTMLMediaElement) => {
    // One recording plays at a time.
    for (const other of document.querySelectorAll<HTMLMediaElement>('audio, video')) if (other !== el) other.pause();
    el.play().catch(() => setMediaFailed(true));
  };

  const toggle = () => {
    const el = media.current;
    if (!el) return;
    if (el.paused) play(el);
    else el.pause();
  };

  /** From the transcript: hear the recording from a segment's start. */
  const playFrom = useCallback(
    (sec: number) => {
      const el = media.current;
      const to = Math.min(Math.max(0, sec), duration);
      setTime(to);
      if (!el) return;
      el.currentTime = to;
      play(el);
    },
    [duration],
  );

  const mediaEvents = {
    onPlay: () => setPlaying(true),
    onPause: () => setPlaying(false),
    onEnded: () => setPlaying(false),
    onTimeUpdate: (e: { currentTarget: HTMLMediaElement }) => setTime(e.currentTarget.currentTime),
    onSeeked: (e: { currentTarget: HTMLMediaElement }) => setTime(e.currentTarget.currentTime),
    onError: () => setMediaFailed(true),
    onCanPlay: () => setMediaFailed(false),
  };

  const languageLabel: Record<RecordingLanguage, string> = {
    id: t('recording.languages.id'),
    en: t('recording.languages.en'),
    jv: t('recording.languages.jv'),
    su: t('recording.languages.su'),
    auto: t('recording.languages.auto'),
  };

  const warningText = (w: MediaWarning): string => {
    switch (w.code) {
      case 'TRUNCATED':
        return w.expectedSec
          ? t('recording.warnings.truncatedOf', { decoded: formatClock(w.decodedSec ?? duration), expected: formatClock(w.expectedSec) })
          : t('recording.warnings.truncated', { decoded: formatClock(w.decodedSec ?? duration) });
      case 'DURATION_MISMATCH':
        return t('recording.warnings.durationMismatch', {
          decoded: formatClock(w.decodedSec ?? duration),
          expected: formatClock(w.expectedSec ?? 0),
        });
      case 'DECODE_ERRORS':
        return t('recording.warnings.decodeErrors', { count: w.count ?? 1 });
    }
  };

  const technical = [
    rec.codec.toUpperCase(),
    rec.sampleRate ? `${formatNumber(rec.sampleRate / 1000, lang, rec.sampleRate % 1000 ? 1 : 0)} kHz` : '',
    rec.channels === 1 ? t('recording.mono') : rec.channels === 2 ? t('recording.stereo') : t('recording.channels', { count: rec.channels }),
    formatBytes(rec.sizeBytes),
  ]
    .filter(Boolean)
    .join(' · ');

  const titleId = `rec-${rec.id}-title`;
  return (
    <article className="recording" aria-labelledby={titleId} data-recording-id={rec.id} data-duration-sec={rec.durationSec}>
      <header className="recording-head">
        <h3 id={titleId}>
          <span className="muted">{index}.</span> {name}
        </h3>
        <p className="recording-meta muted">
          <span>
            {t('recording.duration')}{' '}
            <time className="recording-duration" dateTime={`PT${rec.durationSec}S`}>
              {formatClock(duration)}
            </time>
          </span>
          <span>{technical}</span>
          <span>
            {t('recording.originalName')} <span className="recording-file">{rec.originalName}</span>
          </span>
        </p>
      </header>

      {rec.warnings.length > 0 && (
        <ul className="banner banner-warn recording-warnings">
          {rec.warnings.map((w, i) => (
            <li key={i}>{warningText(w)}</li>
          ))}
        </ul>
      )}

      {rec.hasVideo && (
        <video
          ref={media}
          className="recording-video"
          src={src}
          preload="metadata"
          controls
          playsInline
          aria-label={t('recording.videoLabel', { name })}
          {...mediaEvents}
        />
      )}
      <div className="player">
        <button
          type="button"
          className="play-button"
          aria-label={playing ? t('player.pauseNamed', { name }) : t('player.playNamed', { name })}
          title={playing ? t('player.pause') : t('player.play')}
          onClick={toggle}
        >
          <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
        </button>
        <Waveform
          eventId={eventId}
          recordingId={rec.id}
          durationSec={duration}
          time={time}
          label={t('player.waveformLabel', { name })}
          onSeek={seek}
          onToggle={toggle}
        />
        <span className="player-time" aria-hidden="true">
          {formatClock(time)} / {formatClock(duration)}
        </span>
      </div>
      {!rec.hasVideo && <audio ref={media} src={src} preload="metadata" {...mediaEvents} />}
      {mediaFailed && <p className="field-error">{t('player.cannotPlay')}</p>}

      <div className="recording-fields">
        <InlineField
          name="recordingTitle"
          label={t('recording.label')}
          value={rec.title}
          placeholder={t('recording.labelPlaceholder')}
          maxLength={300}
          onSave={(title) => api.call('recordings.update', { eventId, recordingId: rec.id, patch: { title } })}
        />
        <Field label={t('recording.language')} hint={t('recording.languageHint')} className="recording-language">
          {(p) => (
            <select
              {...p}
              name="recordingLanguage"
              value={language}
              onChange={(e) => {
                const next = e.target.value as RecordingLanguage;
                setLanguage(next);
                setError(null);
                api.call('recordings.update', { eventId, recordingId: rec.id, patch: { language: next } }).catch((err: unknown) => {
                  setLanguage(rec.language);
                  setError(err);
                });
              }}
            >
              {RECORDING_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {languageLabel[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <RecordingTranscription
        eventId={eventId}
        recording={rec}
        name={name}
        currentTime={playing || time > 0 ? time : null}
        onPlayFrom={playFrom}
      />
      <RecordingDiarization eventId={eventId} recordingId={rec.id} name={name} />
    </article>
  );
}
