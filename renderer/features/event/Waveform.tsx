/**
 * A recording's waveform with the playhead, as its seek bar.
 *
 * Owns: fetching the peaks (`recordings.waveform`), drawing them (one bar per pixel column, the
 * played part in the accent colour), and seeking — a click or a drag; focused, ←/→ ±5 s,
 * Home/End, Space plays or pauses — as a labelled slider for screen readers.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../../main/api/format';
import { errorMessage } from '../../lib/errors';
import { useCall } from '../../lib/useCall';

/** Buckets asked of the host: about one per pixel of the widest waveform the page draws. */
export const WAVEFORM_BUCKETS = 1000;
const HEIGHT = 72;
const SEEK_STEP_SEC = 5;

function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function Waveform({
  eventId,
  recordingId,
  durationSec,
  time,
  label,
  onSeek,
  onToggle,
}: {
  eventId: string;
  recordingId: string;
  durationSec: number;
  time: number;
  label: string;
  onSeek: (sec: number) => void;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const { data, error } = useCall('recordings.waveform', { eventId, recordingId, buckets: WAVEFORM_BUCKETS });
  const [width, setWidth] = useState(0);
  const dragging = useRef(false);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Draw: one bar per pixel column, the played part in the accent colour, and the playhead.
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || width <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    if (el.width !== Math.round(width * dpr) || el.height !== Math.round(HEIGHT * dpr)) {
      el.width = Math.round(width * dpr);
      el.height = Math.round(HEIGHT * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const mid = HEIGHT / 2;
    const played = durationSec > 0 ? Math.min(1, Math.max(0, time / durationSec)) * width : 0;
    const accent = cssColor('--accent', '#7a1f1f');
    const rest = cssColor('--wave', '#b9b1a4');
    ctx.fillStyle = cssColor('--line', '#dcd8cf');
    ctx.fillRect(0, mid - 0.5, width, 1);
    if (data && data.min.length > 0) {
      const n = data.min.length;
      for (let x = 0; x < width; x++) {
        const from = Math.floor((x * n) / width);
        const to = Math.max(from + 1, Math.floor(((x + 1) * n) / width));
        let lo = 1;
        let hi = -1;
        for (let b = from; b < to && b < n; b++) {
          lo = Math.min(lo, data.min[b] ?? 0);
          hi = Math.max(hi, data.max[b] ?? 0);
        }
        if (hi < lo) continue;
        const top = mid - hi * (mid - 2);
        const bottom = mid - lo * (mid - 2);
        ctx.fillStyle = x < played ? accent : rest;
        ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
      }
    }
    ctx.fillStyle = cssColor('--ink', '#1d2327');
    ctx.fillRect(Math.min(width - 2, Math.max(0, played - 1)), 0, 2, HEIGHT);
  }, [data, width, time, durationSec]);

  const seekToPointer = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
    onSeek(fraction * durationSec);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowDown':
        onSeek(Math.max(0, time - SEEK_STEP_SEC));
        break;
      case 'ArrowRight':
      case 'ArrowUp':
        onSeek(Math.min(durationSec, time + SEEK_STEP_SEC));
        break;
      case 'Home':
        onSeek(0);
        break;
      case 'End':
        onSeek(durationSec);
        break;
      case ' ':
      case 'Spacebar':
        onToggle();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div className="waveform">
      <canvas
        ref={canvas}
        className="waveform-canvas"
        style={{ height: HEIGHT }}
        tabIndex={0}
        role="slider"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={Math.round(durationSec)}
        aria-valuenow={Math.round(time)}
        aria-valuetext={t('player.position', { time: formatClock(time), duration: formatClock(durationSec) })}
        aria-keyshortcuts="ArrowLeft ArrowRight Space Home End"
        aria-busy={data === null && error === null ? true : undefined}
        data-loaded={data ? 'true' : undefined}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          seekToPointer(e);
        }}
        onPointerMove={(e) => dragging.current && seekToPointer(e)}
        onPointerUp={() => (dragging.current = false)}
        onPointerCancel={() => (dragging.current = false)}
        onKeyDown={onKeyDown}
      />
      {error !== null && <small className="muted">{t('player.waveformUnavailable', { reason: errorMessage(t, error) })}</small>}
    </div>
  );
}
