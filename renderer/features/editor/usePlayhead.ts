/**
 * The editor's playhead in the transcript: which segment and which word are being heard.
 *
 * Owns: finding them (a binary search over the segments' starts, as the player moves and when
 * the document changes), following playback on screen (the segment heard scrolled into view, not
 * while typing in one; on or off, remembered in this window's storage), and opening the editor at
 * a link's place — a quote's, or a search hit's, where it also plays once.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { timedWords, type Doc } from './doc';
import type { Player } from './player';

/** The segment and word heard (indexes; -1 when none). */
export interface Now {
  seg: number;
  word: number;
}

const NOWHERE: Now = { seg: -1, word: -1 };
const FOLLOW_KEY = 'risalah.editor.follow';

/** "Follow playback", on unless turned off (remembered in this window's storage). */
export function useFollow(): { follow: boolean; setFollow: (on: boolean) => void; toggleFollow: () => void } {
  const [follow, setFollowState] = useState(() => {
    try {
      return localStorage.getItem(FOLLOW_KEY) !== '0';
    } catch {
      return true;
    }
  });
  const followRef = useRef(follow);
  followRef.current = follow;
  const setFollow = useCallback((on: boolean) => {
    setFollowState(on);
    try {
      localStorage.setItem(FOLLOW_KEY, on ? '1' : '0');
    } catch {
      // storage unavailable
    }
  }, []);
  const toggleFollow = useCallback(() => setFollow(!followRef.current), [setFollow]);
  return { follow, setFollow, toggleFollow };
}

export function usePlayhead({
  player,
  doc,
  list,
  follow,
  startAt,
  autoplay,
}: {
  player: Player;
  doc: Doc;
  /** The transcript's list (its rows carry `data-seg-id`). */
  list: RefObject<HTMLOListElement | null>;
  /** Follow playback on screen. */
  follow: boolean;
  /** Open at this second (a quote's or a search hit's place). */
  startAt: number | undefined;
  /** …and play from there (a search hit was opened). */
  autoplay: boolean;
}): { now: Now; locate: (sec: number) => Now } {
  const [now, setNow] = useState<Now>(NOWHERE);
  const docRef = useRef(doc);
  docRef.current = doc;
  const playerRef = useRef(player);
  playerRef.current = player;
  const followRef = useRef(follow);
  followRef.current = follow;

  const locate = useCallback((sec: number): Now => {
    const segs = docRef.current.segments;
    let lo = 0;
    let hi = segs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((segs[mid] as { start: number }).start <= sec) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // (segments may overlap a little: the latest one that still lasts)
    for (let i = found; i >= 0 && i > found - 3; i--) {
      const s = segs[i];
      if (s && sec < s.end) {
        const words = timedWords(s);
        let word = -1;
        if (words) for (let w = 0; w < words.length && (words[w] as { start: number }).start <= sec; w++) word = w;
        return { seg: i, word };
      }
    }
    return NOWHERE;
  }, []);

  const moveTo = useCallback((next: Now) => setNow((prev) => (prev.seg === next.seg && prev.word === next.word ? prev : next)), []);
  useEffect(() => player.onTime((sec) => moveTo(locate(sec))), [player, locate, moveTo]);
  useEffect(() => moveTo(locate(playerRef.current.time())), [doc, locate, moveTo]);

  // Follow playback: bring the segment being heard into view (not while typing in a segment).
  const nowId = doc.segments[now.seg]?.id;
  useEffect(() => {
    if (!followRef.current || !player.playing || !nowId) return;
    const active = document.activeElement as HTMLElement | null;
    if (active?.isContentEditable) return;
    const row = list.current?.querySelector<HTMLElement>(`li[data-seg-id="${nowId}"]`);
    row?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [nowId, player.playing, follow, list]);

  // Start where the link said (a quote's place), and play from there when asked (a search hit).
  useEffect(() => {
    if (startAt === undefined && !autoplay) return;
    const el = player.ref.current;
    const go = () => {
      if (startAt !== undefined) {
        player.seek(startAt);
        const s = locate(startAt);
        const id = docRef.current.segments[s.seg]?.id;
        if (id) list.current?.querySelector(`li[data-seg-id="${id}"]`)?.scrollIntoView({ block: 'center' });
      }
      if (autoplay && el?.paused) {
        for (const other of document.querySelectorAll<HTMLMediaElement>('audio, video')) if (other !== el) other.pause();
        // Refused without a user gesture (a link opened cold): then it just waits at that place.
        el.play().catch(() => undefined);
        // Once: a reload or a step back and forth opens the place without playing again.
        const [bare = '', query = ''] = location.hash.split('?', 2);
        const params = new URLSearchParams(query);
        if (params.has('play')) {
          params.delete('play');
          const rest = params.toString();
          history.replaceState(null, '', `${bare}${rest ? `?${rest}` : ''}`);
        }
      }
    };
    if (el && el.readyState >= 1) go();
    else el?.addEventListener('loadedmetadata', go, { once: true });
    return () => el?.removeEventListener('loadedmetadata', go);
    // (once, when the editor opens)
  }, [startAt, autoplay, player.ref, player.seek, locate, list]);

  return { now, locate };
}
