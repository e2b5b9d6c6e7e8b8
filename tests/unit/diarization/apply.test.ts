/**
 * A diarization result onto a working transcript (pure): labels "Pembicara 1…N" by overlap, a
 * segment split at the word where the speaker changes (ids kept unique), and every choice a
 * person made kept by a later run — a named label keeps its id and name, a moved segment stays.
 */
import { describe, expect, it } from 'vitest';
import type { EditableSegment, TranscriptLabel } from '../../../main/api/schemas';
import { applyDiarization, clustersToLabels, isPlaceholderLabel } from '../../../main/core/diarization/apply';
import type { Turn } from '../../../main/core/diarization/types';

const placeholder = (n: number) => `Pembicara ${n}`;

function seg(id: string, start: number, end: number, text: string, timed = true): EditableSegment {
  const tokens = text.split(' ');
  const step = (end - start) / tokens.length;
  return {
    id,
    start,
    end,
    text,
    words: timed ? tokens.map((w, i) => ({ text: w, start: start + i * step, end: start + (i + 1) * step, p: 0.9 })) : [],
    speaker: null,
  };
}

// three voices: A 0–10, B 10–20, C 20–26, A again 26–32
const TURNS: Turn[] = [
  { start: 0, end: 10, speaker: 0 },
  { start: 10, end: 20, speaker: 1 },
  { start: 20, end: 26, speaker: 2 },
  { start: 26, end: 32, speaker: 0 },
];

const SEGMENTS: EditableSegment[] = [
  seg('s0001', 0, 5, 'selamat pagi bapak ibu sekalian'),
  seg('s0002', 5, 10, 'hari ini kita berkumpul bersama'),
  seg('s0003', 10, 20, 'terima kasih kami menyambut baik kerja sama ini'),
  // one segment over two speakers: C then A — split at the word
  seg('s0004', 20, 32, 'kolaborasi ini untuk pembinaan yang baik selanjutnya kita dengarkan laporan kepala rutan'),
];

describe('applyDiarization', () => {
  it('labels segments "Pembicara 1…N" in order of first speech and splits a segment at the word', () => {
    const out = applyDiarization({ labels: [], segments: SEGMENTS, turns: TURNS, clusterCount: 3, previous: null, placeholder });
    expect(out.labels.map((l) => [l.id, l.name])).toEqual([
      ['p1', 'Pembicara 1'],
      ['p2', 'Pembicara 2'],
      ['p3', 'Pembicara 3'],
    ]);
    expect(out.clusterLabels).toEqual(['p1', 'p2', 'p3']);
    expect(out.segments.map((s) => [s.id, s.speaker])).toEqual([
      ['s0001', 'p1'],
      ['s0002', 'p1'],
      ['s0003', 'p2'],
      ['s0004', 'p3'],
      ['s0004-2', 'p1'],
    ]);
    const [c, a] = out.segments.slice(3);
    expect(c!.text).toBe('kolaborasi ini untuk pembinaan yang baik');
    expect(a!.text).toBe('selanjutnya kita dengarkan laporan kepala rutan');
    expect(c!.end).toBeLessThanOrEqual(a!.start + 1e-9);
    expect(out.assigned).toEqual({ s0001: 'p1', s0002: 'p1', s0003: 'p2', s0004: 'p3', 's0004-2': 'p1' });
    expect(isPlaceholderLabel(out.labels[0]!)).toBe(true);
  });

  it('a later run keeps named labels, moved segments and merges; split ids stay unique', () => {
    const first = applyDiarization({ labels: [], segments: SEGMENTS, turns: TURNS, clusterCount: 3, previous: null, placeholder });
    // the person names p1 (linked to a directory person), moves s0002 to p2, merges p3 into p2
    const labels: TranscriptLabel[] = first.labels.map((l) => (l.id === 'p1' ? { ...l, speakerId: 'spk-mashudi' } : l)).filter((l) => l.id !== 'p3');
    const segments = first.segments.map((s) => (s.id === 's0002' ? { ...s, speaker: 'p2' } : s.speaker === 'p3' ? { ...s, speaker: 'p2' } : s));
    const again = applyDiarization({
      labels,
      segments,
      turns: TURNS,
      clusterCount: 3,
      previous: first.assigned,
      previousLabels: first.clusterLabels,
      placeholder,
    });
    const byId = new Map(again.segments.map((s) => [s.id, s.speaker]));
    expect(again.labels.find((l) => l.id === 'p1')).toEqual({ id: 'p1', name: 'Pembicara 1', speakerId: 'spk-mashudi' });
    expect(byId.get('s0001')).toBe('p1'); // the named cluster goes back to its named label
    expect(byId.get('s0002')).toBe('p2'); // moved by a person: stays
    expect(byId.get('s0004')).toBe('p2'); // merged by a person: stays
    expect(new Set(again.segments.map((s) => s.id)).size).toBe(again.segments.length);
    // nothing doubled, nothing lost
    expect(again.segments.map((s) => s.text).join(' ')).toBe(first.segments.map((s) => s.text).join(' '));
    expect(again.labels.filter((l) => l.speakerId === 'spk-mashudi')).toHaveLength(1);
    // the merge stays a merge: no new "Pembicara 3" for the cluster a person folded into p2
    expect(again.labels.map((l) => l.id)).toEqual(['p1', 'p2']);
  });

  it('a run after a run gives the same labels (ids stable), and a re-split segment gets a new id', () => {
    const first = applyDiarization({ labels: [], segments: SEGMENTS, turns: TURNS, clusterCount: 3, previous: null, placeholder });
    // the second run hears the change of speaker inside s0003 too
    const turns2: Turn[] = [
      { start: 0, end: 10, speaker: 0 },
      { start: 10, end: 15, speaker: 1 },
      { start: 15, end: 26, speaker: 2 },
      { start: 26, end: 32, speaker: 0 },
    ];
    const second = applyDiarization({ labels: first.labels, segments: first.segments, turns: turns2, clusterCount: 3, previous: first.assigned, previousLabels: first.clusterLabels, placeholder });
    expect(second.labels.map((l) => l.id)).toEqual(['p1', 'p2', 'p3']);
    expect(second.segments.map((s) => s.id)).toEqual(['s0001', 's0002', 's0003', 's0003-2', 's0004', 's0004-2']);
    // the same segments split once more by a third run: ids stay unique
    const third = applyDiarization({
      labels: second.labels,
      segments: second.segments.map((s) => (s.id === 's0004-2' ? { ...s, speaker: null } : s)),
      turns: [...turns2.slice(0, 3), { start: 26, end: 29, speaker: 0 }, { start: 29, end: 32, speaker: 1 }],
      clusterCount: 3,
      previous: second.assigned,
      previousLabels: second.clusterLabels,
      placeholder,
    });
    expect(new Set(third.segments.map((s) => s.id)).size).toBe(third.segments.length);
  });

  it('a transcript with names from an imported file: those labels stay, speakers found go to them by overlap', () => {
    const imported: TranscriptLabel[] = [{ id: 'p1', name: 'Mashudi', speakerId: null }];
    const segments = SEGMENTS.map((s) => ({ ...s, words: [], speaker: s.id === 's0001' ? 'p1' : null }));
    const out = applyDiarization({ labels: imported, segments, turns: TURNS, clusterCount: 3, previous: null, placeholder });
    expect(out.labels[0]).toEqual({ id: 'p1', name: 'Mashudi', speakerId: null });
    expect(out.clusterLabels[0]).toBe('p1'); // what of cluster 0's speech is labelled is Mashudi's
    expect(out.segments.find((s) => s.id === 's0002')!.speaker).toBe('p1');
    // words unknown: labelled whole, never split
    expect(out.segments).toHaveLength(4);
    expect(out.labels.map((l) => l.name)).toEqual(['Mashudi', 'Pembicara 1', 'Pembicara 2']);
  });

  it('maps clusters to the labels their speech lies under', () => {
    const segs = [
      { start: 0, end: 10, speaker: 'p2' },
      { start: 10, end: 20, speaker: 'p2' },
      { start: 20, end: 32, speaker: 'p1' },
    ];
    expect(clustersToLabels(TURNS, 3, segs)).toEqual(['p2', 'p2', 'p1']);
  });
});
