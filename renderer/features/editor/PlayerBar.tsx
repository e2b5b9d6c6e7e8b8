/**
 * The player bar on top of the editor (it stays in view while the transcript scrolls).
 *
 * Owns: its controls — play/pause, ±5 s, speed, the waveform as seek bar, the clock, "follow
 * playback" — and the reminder of the main shortcuts; the player itself is player.ts.
 */
import { useTranslation } from 'react-i18next';
import { formatClock, formatNumber } from '../../../main/api/format';
import { currentLanguage } from '../../lib/i18n';
import { Waveform } from '../event/Waveform';
import { SKIP_SEC, usePlayerTime, type Player } from './player';

export function PlayerBar({
  eventId,
  recordingId,
  name,
  player,
  follow,
  onFollow,
}: {
  eventId: string;
  recordingId: string;
  name: string;
  player: Player;
  follow: boolean;
  onFollow: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const time = usePlayerTime(player);
  const lang = currentLanguage();
  const tenths = Math.abs(player.rate * 10 - Math.round(player.rate * 10)) < 1e-9;
  const rate = `${formatNumber(player.rate, lang, tenths ? 1 : 2)}×`;
  return (
    <div className="editor-player" role="region" aria-label={t('editor.player.label')}>
      <div className="player">
        <button
          type="button"
          className="play-button"
          aria-label={player.playing ? t('player.pauseNamed', { name }) : t('player.playNamed', { name })}
          aria-keyshortcuts="Escape Control+Space"
          title={`${player.playing ? t('player.pause') : t('player.play')} (Esc)`}
          onClick={player.toggle}
        >
          <span aria-hidden="true">{player.playing ? '❚❚' : '▶'}</span>
        </button>
        <div className="skip-buttons">
          <button type="button" className="icon-button" aria-keyshortcuts="Alt+ArrowLeft" title={`${t('editor.player.back', { n: SKIP_SEC })} (Alt+←)`} onClick={() => player.skip(-SKIP_SEC)}>
            <span aria-hidden="true">↺ {SKIP_SEC}</span>
            <span className="visually-hidden">{t('editor.player.back', { n: SKIP_SEC })}</span>
          </button>
          <button type="button" className="icon-button" aria-keyshortcuts="Alt+ArrowRight" title={`${t('editor.player.forward', { n: SKIP_SEC })} (Alt+→)`} onClick={() => player.skip(SKIP_SEC)}>
            <span aria-hidden="true">{SKIP_SEC} ↻</span>
            <span className="visually-hidden">{t('editor.player.forward', { n: SKIP_SEC })}</span>
          </button>
        </div>
        <Waveform
          eventId={eventId}
          recordingId={recordingId}
          durationSec={player.durationSec}
          time={time}
          label={t('player.waveformLabel', { name })}
          onSeek={player.seek}
          onToggle={player.toggle}
        />
        <span className="player-time" aria-hidden="true">
          {formatClock(time)} / {formatClock(player.durationSec)}
        </span>
      </div>
      <div className="player-controls">
        <div className="speed" role="group" aria-label={t('editor.player.speed')}>
          <span className="speed-label">{t('editor.player.speed')}</span>
          <button type="button" className="icon-button" aria-keyshortcuts="Alt+ArrowDown" title={`${t('editor.player.slower')} (Alt+↓)`} onClick={() => player.stepRate(-1)}>
            <span aria-hidden="true">−</span>
            <span className="visually-hidden">{t('editor.player.slower')}</span>
          </button>
          <output className="speed-value" aria-live="polite" aria-label={t('editor.player.speedValue', { rate })}>
            {rate}
          </output>
          <button type="button" className="icon-button" aria-keyshortcuts="Alt+ArrowUp" title={`${t('editor.player.faster')} (Alt+↑)`} onClick={() => player.stepRate(1)}>
            <span aria-hidden="true">+</span>
            <span className="visually-hidden">{t('editor.player.faster')}</span>
          </button>
        </div>
        <label className="check follow-toggle" title={t('editor.player.followHint')}>
          <input type="checkbox" name="follow" checked={follow} onChange={(e) => onFollow(e.target.checked)} aria-keyshortcuts="Alt+F" />
          <span>
            {t('editor.player.follow')} <kbd>Alt+F</kbd>
          </span>
        </label>
        <p className="shortcut-strip" aria-label={t('editor.shortcuts.title')}>
          <span>
            <kbd>Esc</kbd> {t('editor.shortcuts.playPauseShort')}
          </span>
          <span>
            <kbd>Alt+←</kbd>/<kbd>Alt+→</kbd> ±{SKIP_SEC} {t('editor.shortcuts.sec')}
          </span>
          <span>
            <kbd>Alt+↓</kbd>/<kbd>Alt+↑</kbd> {t('editor.shortcuts.speedShort')}
          </span>
          <span>
            <kbd>Alt+1…9</kbd> {t('editor.shortcuts.speakerShort')}
          </span>
          <span>
            <kbd>Ctrl+Z</kbd> {t('editor.shortcuts.undoShort')}
          </span>
        </p>
      </div>
      {player.failed && <p className="field-error">{t('player.cannotPlay')}</p>}
    </div>
  );
}
