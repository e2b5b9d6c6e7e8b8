/**
 * The editor's player: one media element, play/pause, seeking, ±5 s, playback speed, and the
 * playhead for whoever follows it (the waveform, the highlighted word) — at screen rate while
 * playing, without re-rendering the page on every frame.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';

export const SKIP_SEC = 5;
export const RATES = [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;

export interface Player {
  ref: RefObject<HTMLAudioElement | null>;
  playing: boolean;
  rate: number;
  failed: boolean;
  durationSec: number;
  toggle(): void;
  play(): void;
  pause(): void;
  seek(sec: number): void;
  skip(deltaSec: number): void;
  /** One step slower (-1) or faster (+1). */
  stepRate(direction: -1 | 1): void;
  setRate(rate: number): void;
  time(): number;
  /** Called with the playhead on every frame while playing, and after every seek. */
  onTime(listener: (sec: number) => void): () => void;
  mediaEvents: {
    onPlay(): void;
    onPause(): void;
    onEnded(): void;
    onSeeked(): void;
    onTimeUpdate(): void;
    onError(): void;
    onCanPlay(): void;
  };
}

export function usePlayer(durationSec: number): Player {
  const ref = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState(false);
  const [rate, setRateState] = useState(1);
  const [failed, setFailed] = useState(false);
  const listeners = useRef(new Set<(sec: number) => void>());
  const lastTime = useRef(0);

  const time = useCallback(() => ref.current?.currentTime ?? lastTime.current, []);
  const emit = useCallback(() => {
    const t = time();
    lastTime.current = t;
    for (const l of listeners.current) l(t);
  }, [time]);

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    const tick = () => {
      emit();
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, emit]);

  const play = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    // One recording plays at a time.
    for (const other of document.querySelectorAll<HTMLMediaElement>('audio, video')) if (other !== el) other.pause();
    el.play().catch(() => setFailed(true));
  }, []);
  const pause = useCallback(() => ref.current?.pause(), []);
  const toggle = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    if (el.paused) play();
    else el.pause();
  }, [play]);
  const seek = useCallback(
    (sec: number) => {
      const to = Math.min(Math.max(0, sec), durationSec);
      lastTime.current = to;
      if (ref.current) ref.current.currentTime = to;
      emit();
    },
    [durationSec, emit],
  );
  const skip = useCallback((delta: number) => seek(time() + delta), [seek, time]);
  const setRate = useCallback((r: number) => {
    setRateState(r);
    if (ref.current) {
      ref.current.playbackRate = r;
      ref.current.defaultPlaybackRate = r;
    }
  }, []);
  const stepRate = useCallback(
    (direction: -1 | 1) => {
      const current = ref.current?.playbackRate ?? 1;
      let idx = 0;
      RATES.forEach((r, i) => {
        if (Math.abs(r - current) < Math.abs((RATES[idx] ?? 1) - current)) idx = i;
      });
      const next = RATES[Math.min(RATES.length - 1, Math.max(0, idx + direction))];
      if (next !== undefined) setRate(next);
    },
    [setRate],
  );
  const onTime = useCallback((l: (sec: number) => void) => {
    listeners.current.add(l);
    return () => listeners.current.delete(l);
  }, []);

  const mediaEvents = useMemo(
    () => ({
      onPlay: () => setPlaying(true),
      onPause: () => {
        setPlaying(false);
        emit();
      },
      onEnded: () => setPlaying(false),
      onSeeked: emit,
      onTimeUpdate: () => {
        // (while playing the frame loop is quicker)
        if (ref.current?.paused) emit();
      },
      onError: () => setFailed(true),
      onCanPlay: () => setFailed(false),
    }),
    [emit],
  );

  return useMemo(
    () => ({ ref, playing, rate, failed, durationSec, toggle, play, pause, seek, skip, stepRate, setRate, time, onTime, mediaEvents }),
    [playing, rate, failed, durationSec, toggle, play, pause, seek, skip, stepRate, setRate, time, onTime, mediaEvents],
  );
}

/** The player's time as React state, for what must re-render with it (the waveform, the clock). */
export function usePlayerTime(player: Player): number {
  const [t, setT] = useState(() => player.time());
  useEffect(() => player.onTime(setT), [player]);
  return t;
}
