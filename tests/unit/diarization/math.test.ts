/**
 * The pure parts of diarization: DER, voiceprint arithmetic and suggestions, turns onto
 * transcript segments (split at the word where the speaker changes), cluster merging.
 */
import { describe, expect, it } from 'vitest';
import type { TranscriptWord } from '../../../main/api/schemas';
import { assignSpeakers, speakerAt, type SegmentLike } from '../../../main/core/diarization/assign';
import { centroidPieces, joinTurns, mergeClusters } from '../../../main/core/diarization/clusters';
import { diarizationErrorRate, maxAssignment } from '../../../main/core/diarization/der';
import { windowShiftRatioFor } from '../../../main/core/diarization/engine';
import { centroidOf, clusterLabelName, cosineSimilarity, foldIntoVoiceprint, formatSuggestion, suggestPeople } from '../../../main/core/diarization/voiceprint';

const T = (start: number, end: number, speaker: string | number) => ({ start, end, speaker });

describe('diarization error rate', () => {
  const ref = [T(0, 10, 'A'), T(10, 20, 'B')];

  it('is 0 for the same turns under other names', () => {
    const r = diarizationErrorRate(ref, [T(0, 10, 7), T(10, 20, 3)]);
    expect(r.der).toBe(0);
    expect(r.mapping).toEqual(new Map([['7', 'A'], ['3', 'B']]));
  });

  it('counts missed speech, false alarm and confusion', () => {
    expect(diarizationErrorRate(ref, [T(0, 10, 1)]).der).toBeCloseTo(0.5); // B missed
    const fa = diarizationErrorRate(ref, [T(0, 10, 1), T(10, 20, 2), T(25, 27, 2)]);
    expect(fa.falseAlarm).toBeCloseTo(2);
    expect(fa.der).toBeCloseTo(0.1);
    // one speaker too long: 0–15 is X, so 10–15 of B is confused
    const c = diarizationErrorRate(ref, [T(0, 15, 'X'), T(15, 20, 'Y')]);
    expect(c.confusion).toBeCloseTo(5);
    expect(c.der).toBeCloseTo(0.25);
  });

  it('counts overlapped speech once per speaker, and leaves a collar unscored', () => {
    const overlapRef = [T(0, 10, 'A'), T(5, 10, 'B')];
    expect(diarizationErrorRate(overlapRef, [T(0, 10, 1)]).der).toBeCloseTo(5 / 15);
    const late = diarizationErrorRate(ref, [T(0.2, 10.2, 1), T(10.2, 20, 2)]);
    expect(late.der).toBeGreaterThan(0);
    expect(diarizationErrorRate(ref, [T(0.2, 10.2, 1), T(10.2, 20, 2)], { collar: 0.25 }).der).toBe(0);
  });

  it('maps speakers one to one by the largest total overlap', () => {
    expect(maxAssignment([[5, 1], [6, 0]])).toEqual([1, 0]); // 1 + 6 beats 5 + 0
    expect(maxAssignment([[1, 9, 0]])).toEqual([1]);
    expect(maxAssignment([[3], [4], [1]])).toEqual([-1, 0, -1]);
  });
});

describe('voiceprints', () => {
  it('cosine similarity', () => {
    expect(cosineSimilarity([1, 0], [2, 0])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 3])).toBeCloseTo(0);
    expect(cosineSimilarity([1, 0], [-1, 0])).toBeCloseTo(-1);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    expect(cosineSimilarity([1, 0, 0], [1, 0])).toBe(0);
  });

  it('a centroid is the seconds-weighted mean of unit vectors, with the seconds it rests on', () => {
    const c = centroidOf([
      { vector: [10, 0], seconds: 3 }, // length does not matter
      { vector: [0, 1], seconds: 1 },
      { vector: [NaN, 1], seconds: 5 }, // unusable
      { vector: [1, 1], seconds: 0 },
    ])!;
    expect(c.seconds).toBe(4);
    expect(c.vector[0]! / c.vector[1]!).toBeCloseTo(3);
    expect(Math.hypot(...c.vector)).toBeCloseTo(1);
    expect(centroidOf([])).toBeNull();
  });

  it('a confirmed cluster folds into the person’s voiceprint; a print of another model is replaced', () => {
    const first = foldIntoVoiceprint(null, { personId: 'spk-mashudi', model: 'm1', centroid: { vector: [1, 0], seconds: 30 }, recordingId: 'rec-a' });
    const second = foldIntoVoiceprint(first, { personId: 'spk-mashudi', model: 'm1', centroid: { vector: [0, 1], seconds: 10 }, recordingId: 'rec-b' });
    expect(second.seconds).toBe(40);
    expect(second.vector[0]! / second.vector[1]!).toBeCloseTo(3);
    expect(second.recordings).toEqual(['rec-a', 'rec-b']);
    const other = foldIntoVoiceprint(second, { personId: 'spk-mashudi', model: 'm2', centroid: { vector: [0, 1, 0], seconds: 5 }, recordingId: 'rec-c' });
    expect(other).toMatchObject({ model: 'm2', seconds: 5, recordings: ['rec-c'] });
  });

  it('suggests people above the threshold, best first, only from the same embedding model, never for a cluster without a centroid', () => {
    const prints = [
      { personId: 'mashudi', model: 'm1', vector: [1, 0, 0], seconds: 60, recordings: [], updatedAt: '' },
      { personId: 'anda', model: 'm1', vector: [0.8, 0.6, 0], seconds: 20, recordings: [], updatedAt: '' },
      { personId: 'other-model', model: 'm2', vector: [1, 0, 0], seconds: 20, recordings: [], updatedAt: '' },
    ];
    const s = suggestPeople(
      [
        { speaker: 0, centroid: [0.99, 0.1, 0] },
        { speaker: 1, centroid: [0, 0, 1] },
        { speaker: 2, centroid: null },
      ],
      prints,
      { model: 'm1', threshold: 0.7 },
    );
    expect(s[0]!.top?.personId).toBe('mashudi');
    expect(s[0]!.candidates.map((c) => c.personId)).toEqual(['mashudi', 'anda']);
    expect(s[1]!.top).toBeNull();
    expect(s[2]!.top).toBeNull();
  });

  it('words the suggestion in both languages', () => {
    expect(formatSuggestion('Mashudi', 0.8234, 'id')).toBe('Mashudi? (kemiripan 0,82)');
    expect(formatSuggestion('Mashudi', 0.8234, 'en')).toBe('Mashudi? (similarity 0.82)');
    expect(clusterLabelName(2, 'id')).toBe('Pembicara 3');
    expect(clusterLabelName(0, 'en')).toBe('Speaker 1');
  });
});

const W = (text: string, start: number, end: number): TranscriptWord => ({ text, start, end, p: 0.9 });

describe('turns onto transcript segments', () => {
  const turns = [T(0, 4.1, 0), T(4.3, 9, 1), T(9.5, 12, 0)] as { start: number; end: number; speaker: number }[];

  it('labels a segment by the speaker it overlaps most', () => {
    const segs: SegmentLike[] = [
      { id: 's1', start: 0.2, end: 3.9, text: 'Selamat pagi.', words: [], speaker: null },
      { id: 's2', start: 3.5, end: 8, text: 'Terima kasih.', words: [], speaker: null },
      { id: 's3', start: 20, end: 21, text: 'Tepuk tangan.', words: [], speaker: null },
    ];
    expect(assignSpeakers(segs, turns).map((s) => s.speaker)).toEqual(['p1', 'p2', null]);
    expect(assignSpeakers(segs, turns, { labelFor: (k) => `p${k + 5}` })[0]!.speaker).toBe('p5');
  });

  it('splits a segment at the word where the speaker changes', () => {
    const seg: SegmentLike = {
      id: 's1200',
      start: 2.0,
      end: 6.5,
      text: 'Terima kasih Bapak. Selamat datang di Rutan.',
      words: [W('Terima', 2.0, 2.4), W('kasih', 2.4, 2.9), W('Bapak.', 2.9, 3.8), W('Selamat', 4.4, 4.9), W('datang', 4.9, 5.4), W('di', 5.4, 5.6), W('Rutan.', 5.6, 6.5)],
      speaker: null,
    };
    const out = assignSpeakers([seg], turns);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ id: 's1200', start: 2.0, end: 3.8, text: 'Terima kasih Bapak.', speaker: 'p1' });
    expect(out[1]).toMatchObject({ id: 's1200-2', start: 4.4, end: 6.5, text: 'Selamat datang di Rutan.', speaker: 'p2' });
    expect(out[1]!.words.map((w) => w.text)).toEqual(['Selamat', 'datang', 'di', 'Rutan.']);
  });

  it('does not split for a word or two attributed to someone else', () => {
    const seg: SegmentLike = {
      id: 's2',
      start: 0,
      end: 8,
      text: 'satu dua tiga empat lima enam',
      words: [W('satu', 0.5, 1.5), W('dua', 1.5, 2.5), W('tiga', 4.2, 4.45), W('empat', 5.5, 6), W('lima', 6, 7), W('enam', 7, 8)],
      speaker: null,
    };
    const blip = [T(0, 4.2, 0), T(4.2, 4.45, 1), T(4.5, 9, 0)] as { start: number; end: number; speaker: number }[];
    expect(assignSpeakers([seg], blip)).toEqual([{ ...seg, speaker: 'p1' }]);
  });

  it('cuts the words’ text when the segment’s text does not line up with its words (a glossary replacement)', () => {
    const seg: SegmentLike = {
      id: 's3',
      start: 2,
      end: 6,
      text: 'Dirjenpas hadir. Kami siap.',
      words: [W('dirjen', 2, 2.5), W('pas', 2.5, 3), W('hadir.', 3, 3.9), W('Kami', 4.5, 5), W('siap.', 5, 6)],
      speaker: null,
    };
    expect(assignSpeakers([seg], turns).map((s) => s.text)).toEqual(['dirjen pas hadir.', 'Kami siap.']);
  });

  it('a word no turn covers takes the nearest turn within reach', () => {
    expect(speakerAt(turns, 4.12, 4.2)).toBe(0);
    expect(speakerAt(turns, 4.2, 4.28)).toBe(1);
    expect(speakerAt(turns, 30, 31)).toBeNull();
  });
});

describe('clusters', () => {
  it('merges clusters of one voice, folds tiny ones in, and numbers speakers by first appearance', () => {
    const turns = [T(0, 5, 4), T(6, 7, 9), T(8, 12, 2), T(13, 18, 4), T(18.2, 18.6, 7)] as { start: number; end: number; speaker: number }[];
    const emb = new Map([
      [4, [{ vector: [1, 0.05], seconds: 10 }]],
      [9, [{ vector: [0.95, 0.1], seconds: 1 }]], // same voice as 4
      [2, [{ vector: [0, 1], seconds: 4 }]],
      [7, [{ vector: [0.6, 0.8], seconds: 0.4 }]], // tiny: folded into 2, its nearest
    ]);
    const m = mergeClusters(turns, emb, { mergeSimilarity: 0.9, minClusterSec: 1 });
    expect(m.clusters.map((c) => c.speaker)).toEqual([0, 1]);
    expect(m.turns.map((t) => t.speaker)).toEqual([0, 0, 1, 0, 1]);
    expect(m.clusters[0]!.speechSec).toBe(11);
    expect(m.clusters[0]!.centroid!.seconds).toBe(11);
    // with a speaker-count hint one voice is still one speaker, but a small cluster stays
    expect(mergeClusters(turns, emb, { hinted: true, mergeSimilarity: 0.9, minClusterSec: 1 }).clusters).toHaveLength(3);
  });

  it('folds a cluster of fragments only (no turn of 2 s) into its nearest, unless nobody has a real turn', () => {
    const fragments = [T(0, 5, 0), T(5.5, 6.2, 1), T(7, 12, 2), T(12.5, 13.4, 1), T(14, 19, 0)] as { start: number; end: number; speaker: number }[];
    const emb = new Map([
      [0, [{ vector: [1, 0, 0], seconds: 10 }]],
      [1, [{ vector: [0.5, 0, 0.8], seconds: 1.6 }]],
      [2, [{ vector: [0, 1, 0], seconds: 5 }]],
    ]);
    const m = mergeClusters(fragments, emb, { mergeSimilarity: 0.9 });
    expect(m.clusters).toHaveLength(2);
    expect(m.turns.filter((t) => t.start === 5.5 || t.start === 12.5).map((t) => t.speaker)).toEqual([0, 0]);
    const quick = [T(0, 1.5, 0), T(2, 3.4, 1), T(4, 5.5, 0), T(6, 7, 1)] as { start: number; end: number; speaker: number }[];
    const q = mergeClusters(quick, new Map([[0, [{ vector: [1, 0], seconds: 3 }]], [1, [{ vector: [0, 1], seconds: 2.4 }]]]));
    expect(q.clusters).toHaveLength(2);
  });

  it('joins one speaker’s close turns, not across another speaker', () => {
    expect(joinTurns([T(0, 2, 0), T(2.3, 4, 0), T(5, 6, 1), T(6.2, 7, 0)] as never, 0.5)).toEqual([T(0, 4, 0), T(5, 6, 1), T(6.2, 7, 0)]);
  });

  it('embeds each cluster’s speech without the overlapped stretches, in pieces of at most 10 s', () => {
    const pieces = centroidPieces([T(0, 25, 0), T(20, 30, 1)] as never);
    const own = pieces.filter((p) => p.speaker === 0);
    expect(Math.max(...own.map((p) => p.end))).toBe(20);
    expect(own.every((p) => p.end - p.start <= 10)).toBe(true);
    expect(pieces.filter((p) => p.speaker === 1)).toEqual([{ speaker: 1, start: 25, end: 30 }]);
    expect(centroidPieces([T(0, 100, 0)] as never, { maxSecPerCluster: 30 }).reduce((s, p) => s + p.end - p.start, 0)).toBe(30);
  });
});

describe('segmentation windows of a long recording', () => {
  it('keeps pyannote’s shift for an ordinary recording and raises it so that the windows stay bounded', () => {
    const window = 160000; // 10 s
    expect(windowShiftRatioFor(16000 * 1800, window, 0.1, 3000)).toBe(0.1); // 30 min: 1,791 windows
    const twoHours = 16000 * 7200;
    const ratio = windowShiftRatioFor(twoHours, window, 0.1, 3000);
    expect(ratio).toBeGreaterThan(0.2);
    expect(Math.floor((twoHours - window) / (ratio * window)) + 1).toBeLessThanOrEqual(3000);
    expect(windowShiftRatioFor(1000, window, 0.1, 3000)).toBe(0.1);
  });
});
