/**
 * "Kenali pembicara" on recordings of a real archive — real ffmpeg, real sherpa-onnx in its child
 * process, the designed test models installed through the model store — and voiceprints across
 * recordings: labels "Pembicara 1…N" on the transcript (a segment split at the word), every
 * choice a person made kept by a later run, a result that waits for its transcript, consent
 * (no voiceprint without it), the right person suggested on recording B and never applied,
 * deletion (the voiceprint and the centroids it came from), a quote taken while its speaker was
 * "Pembicara 1" following the name given later, and what the files say.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkingTranscript } from '../../../main/api/schemas';
import { readDiarization, readPersonVoiceprint, readQuotes, readRecordingVoices, readWorking } from '../../../main/core/archive/documents';
import { addQuote, followTranscriptSpeakers, removeQuote } from '../../../main/core/quotes';
import { isVoiceprintPath, layout } from '../../../main/core/archive/layout';
import { diarizationView, diarizeArchiveRecording, applyPendingDiarization, type DiarizeEnv } from '../../../main/core/diarization/service';
import { deleteVoiceprint, enableVoiceprint, suggestionsFor, syncRecordingVoiceprints, voiceprintView } from '../../../main/core/diarization/voices';
import { RisalahError } from '../../../main/core/errors';
import { resolveFfmpeg } from '../../../main/core/media';
import { removeSpeaker } from '../../../main/core/speakers';
import { saveWorking } from '../../../main/core/transcript/working';
import { EVENT_A, EVENT_B, syntheticEvent, type SyntheticEvent } from '../../helpers/diarization';
import { diarizationArchive, referenceSegments, type DiarizationArchive } from '../../helpers/diarization-archive';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
let a: SyntheticEvent;
let b: SyntheticEvent;
let ctx: DiarizationArchive;
let env: DiarizeEnv;

beforeAll(async () => {
  tmp = tempDir('risalah-diar-archive-');
  [a, b] = await Promise.all([syntheticEvent(EVENT_A), syntheticEvent(EVENT_B)]);
  // A: transcribed (turns 2 and 3 in one segment: the split at the word); B: not yet
  ctx = await diarizationArchive(tmp.dir, tmp.dir, [
    { name: 'a', event: a, transcript: true, join: 2 },
    { name: 'b', event: b, transcript: false },
  ]);
  env = { archive: ctx.archive, ff: await resolveFfmpeg(), modelsDir: ctx.modelsDir, workDir: path.join(tmp.dir, 'work') };
}, 180_000);

afterAll(() => {
  ctx?.archive.close();
  tmp?.cleanup();
});

const A = () => ctx.recordings.a!;
const B = () => ctx.recordings.b!;

async function working(rec: string): Promise<WorkingTranscript> {
  const w = await readWorking(ctx.archive.store, ctx.eventId, rec);
  if (!w) throw new Error('no working transcript');
  return w;
}

/** The label each reference voice's segments carry (one label per voice, or a failure). */
function labelOfVoice(w: WorkingTranscript, event: SyntheticEvent): Record<string, string> {
  const out: Record<string, Set<string>> = {};
  for (const r of event.reference) {
    for (const s of w.segments) {
      const o = Math.min(s.end, r.end) - Math.max(s.start, r.start);
      if (o > 0.5 * (r.end - r.start) || (o > 0 && o > 0.8 * (s.end - s.start))) (out[r.speaker] ??= new Set()).add(s.speaker ?? 'null');
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].join('+')]));
}

async function link(rec: string, labelId: string, speakerId: string | null): Promise<WorkingTranscript> {
  const w = await working(rec);
  return saveWorking(ctx.archive, ctx.eventId, rec, w.rev, { labels: w.labels.map((l) => (l.id === labelId ? { ...l, speakerId } : l)), segments: w.segments });
}

describe('Kenali pembicara on an archive recording', () => {
  it('labels the transcript "Pembicara 1…3", one label per voice, and splits a segment where the speaker changes', async () => {
    const stages = new Set<string>();
    const out = await diarizeArchiveRecording(env, { eventId: ctx.eventId, recordingId: A() }, { onProgress: (s) => stages.add(s) });
    expect(out.state).toBe('done');
    expect(out.ran).toBe(true);
    expect([...stages]).toEqual(expect.arrayContaining(['decode', 'embedding', 'apply']));
    const w = await working(A());
    expect(w.labels.map((l) => l.name)).toEqual(['Pembicara 1', 'Pembicara 2', 'Pembicara 3']);
    const byVoice = labelOfVoice(w, a);
    console.log(`[diarization] recording A on the transcript: ${JSON.stringify(byVoice)}; ${w.segments.length} segments (${referenceSegments(a, 2).length} before)`);
    expect(byVoice).toEqual({ mc: 'p1', kakanwil: 'p2', karutan: 'p3' });
    // the joined segment (karutan, then the MC returning) was split at the word
    expect(w.segments.map((s) => s.id)).toContain('s0003-2');
    expect(w.segments.find((s) => s.id === 's0003')!.text).toBe('kolaborasi ini untuk pembinaan warga binaan yang lebih baik');
    // what is where: the record (no vectors) beside the transcript, the centroids under voiceprints/
    const record = await readDiarization(ctx.archive.store, ctx.eventId, A());
    expect(record?.state).toBe('done');
    expect(JSON.stringify(record)).not.toMatch(/vector|centroid"/);
    expect(record?.result?.turns.length).toBeGreaterThanOrEqual(6);
    const voices = await readRecordingVoices(ctx.archive.store, ctx.eventId, A());
    expect(voices?.clusters.every((c) => c.vector?.length === 192)).toBe(true);
    expect(isVoiceprintPath(layout.recordingVoices(ctx.eventId, A()))).toBe(true);
    expect(isVoiceprintPath(layout.diarization(ctx.eventId, A()))).toBe(false);
  });

  it('stores no voiceprint without consent; with it, naming a cluster makes one (seconds, recording)', async () => {
    const mc = ctx.people.mc!;
    await link(A(), 'p1', mc);
    expect(await syncRecordingVoiceprints(ctx.archive, ctx.eventId, A())).toEqual([]);
    expect(existsSync(ctx.archive.store.pathOf(layout.personVoiceprint(mc)))).toBe(false);
    // consent for the MC and Mashudi (the Kakanwil's voice), not for Anda Tuning
    const view = await enableVoiceprint(ctx.archive, mc, 'setuju lisan, 1 Juli 2025');
    expect(view.consent?.note).toBe('setuju lisan, 1 Juli 2025');
    expect(view.prints).toHaveLength(1);
    expect(view.prints[0]!.recordings.map((r) => r.recordingId)).toEqual([A()]);
    expect(view.prints[0]!.seconds).toBeGreaterThan(5);
    expect(JSON.stringify(view)).not.toMatch(/vector/);
    await enableVoiceprint(ctx.archive, ctx.people.kakanwil!, '');
    await link(A(), 'p2', ctx.people.kakanwil!);
    await link(A(), 'p3', ctx.people.karutan!);
    expect(await syncRecordingVoiceprints(ctx.archive, ctx.eventId, A())).toEqual([ctx.people.kakanwil]);
    expect(existsSync(ctx.archive.store.pathOf(layout.personVoiceprint(ctx.people.karutan!)))).toBe(false);
    // a sync with nothing new writes nothing
    expect(await syncRecordingVoiceprints(ctx.archive, ctx.eventId, A())).toEqual([]);
  });

  it('recording B without a transcript: speakers found and kept until one arrives; the right people suggested, never applied', async () => {
    const out = await diarizeArchiveRecording(env, { eventId: ctx.eventId, recordingId: B() });
    expect(out.state).toBe('pending');
    expect((await diarizationView(ctx.archive, ctx.eventId, B())).state).toBe('pending');
    const suggestions = await suggestionsFor(ctx.archive, ctx.eventId, B(), 0.6);
    const view = await diarizationView(ctx.archive, ctx.eventId, B(), { threshold: 0.6 });
    // B's clusters in order of first speech: kakanwil, mc, karutan (no consent: never suggested)
    const tops = view.clusters.map((c) => c.suggestions[0]?.speakerId ?? null);
    console.log(`[diarization] recording B suggestions: ${view.clusters.map((c) => `P${c.speaker + 1} → ${c.suggestions.map((s) => `${s.name} ${s.similarity}`).join(', ') || '—'}`).join('; ')}`);
    expect(tops).toEqual([ctx.people.kakanwil, ctx.people.mc, null]);
    expect(suggestions.size).toBe(3);
    // the transcript arrives: the waiting result goes on, and nobody is named by it
    await saveWorking(ctx.archive, ctx.eventId, B(), 0, { labels: [], segments: referenceSegments(b) });
    expect(await applyPendingDiarization(ctx.archive, ctx.eventId, B())).toBe(true);
    const w = await working(B());
    expect(w.labels.every((l) => l.speakerId === null)).toBe(true);
    expect(labelOfVoice(w, b)).toEqual({ kakanwil: 'p1', mc: 'p2', karutan: 'p3' });
    // a quote taken now says "Pembicara 1"; named later, it follows (quotes follow the segment)
    const first = w.segments[0]!;
    const quote = await addQuote(ctx.archive, ctx.eventId, { recordingId: B(), start: first.start, end: first.end });
    expect([quote.speakerName, quote.speakerId]).toEqual(['Pembicara 1', null]);
    expect(await followTranscriptSpeakers(ctx.archive, ctx.eventId, B())).toBe(0);
    // one click confirms: Mashudi's voiceprint now rests on both recordings
    await link(B(), 'p1', ctx.people.kakanwil!);
    await syncRecordingVoiceprints(ctx.archive, ctx.eventId, B());
    expect(await followTranscriptSpeakers(ctx.archive, ctx.eventId, B())).toBe(1);
    expect((await readQuotes(ctx.archive.store, ctx.eventId)).find((q) => q.id === quote.id)).toMatchObject({ speakerId: ctx.people.kakanwil, speakerName: 'Mashudi', speakerTitle: 'Direktur Jenderal Pemasyarakatan' });
    const mashudi = await voiceprintView(ctx.archive, ctx.people.kakanwil!);
    expect(mashudi.prints[0]!.recordings.map((r) => r.recordingId).sort()).toEqual([A(), B()].sort());
    // unlinking takes exactly that recording's share back
    await link(B(), 'p1', null);
    await syncRecordingVoiceprints(ctx.archive, ctx.eventId, B());
    expect((await voiceprintView(ctx.archive, ctx.people.kakanwil!)).prints[0]!.recordings.map((r) => r.recordingId)).toEqual([A()]);
    // the quote keeps the name it was given (a person's choice now, not a placeholder)
    expect(await followTranscriptSpeakers(ctx.archive, ctx.eventId, B())).toBe(0);
    expect((await readQuotes(ctx.archive.store, ctx.eventId)).find((q) => q.id === quote.id)?.speakerName).toBe('Mashudi');
  });

  it('a later run keeps what people chose: named labels, a moved segment', async () => {
    const before = await working(A());
    // move the MC's first segment to Anda Tuning's label (a person's choice)
    const moved = before.segments[0]!.id;
    const saved = await saveWorking(ctx.archive, ctx.eventId, A(), before.rev, {
      labels: before.labels,
      segments: before.segments.map((s) => (s.id === moved ? { ...s, speaker: 'p3' } : s)),
    });
    const out = await diarizeArchiveRecording(env, { eventId: ctx.eventId, recordingId: A() });
    expect(out.ran).toBe(true);
    const after = await working(A());
    expect(after.rev).toBe(saved.rev + 1);
    expect(after.labels).toEqual(saved.labels); // names and links untouched, no label added
    expect(after.segments.find((s) => s.id === moved)!.speaker).toBe('p3');
    expect(after.segments.filter((s) => s.id !== moved).map((s) => [s.id, s.speaker])).toEqual(saved.segments.filter((s) => s.id !== moved).map((s) => [s.id, s.speaker]));
  });

  it('deleting a voiceprint removes it and the centroids it came from; a person removed takes theirs along', async () => {
    const mc = ctx.people.mc!;
    const print = await readPersonVoiceprint(ctx.archive.store, mc);
    const clusters = print!.prints[0]!.sources[0]!.clusters;
    const view = await deleteVoiceprint(ctx.archive, mc);
    expect(view).toEqual({ speakerId: mc, consent: null, prints: [] });
    const dir = ctx.archive.store.pathOf(layout.voiceprintPeopleDir);
    expect(readdirSync(dir).filter((f) => f.startsWith(mc))).toEqual([]); // no file, no .bak
    const voices = await readRecordingVoices(ctx.archive.store, ctx.eventId, A());
    for (const c of clusters) expect(voices!.clusters.find((x) => x.speaker === c)!.vector).toBeNull();
    // and the MC is suggested nowhere any more
    const b2 = await diarizationView(ctx.archive, ctx.eventId, B(), { threshold: 0.3 });
    expect(b2.clusters.flatMap((c) => c.suggestions.map((s) => s.speakerId))).not.toContain(mc);
    // a person removed from the directory: their voiceprint goes too (once nothing names them)
    const kakanwil = ctx.people.kakanwil!;
    await link(A(), 'p2', null);
    await syncRecordingVoiceprints(ctx.archive, ctx.eventId, A());
    for (const q of await readQuotes(ctx.archive.store, ctx.eventId)) await removeQuote(ctx.archive, ctx.eventId, q.id);
    await removeSpeaker(ctx.archive, kakanwil);
    expect(existsSync(ctx.archive.store.pathOf(layout.personVoiceprint(kakanwil)))).toBe(false);
  });

  it('without models: DIARIZATION_MODEL_MISSING naming the file to install, and nothing changes', async () => {
    const before = await working(A());
    const e = await diarizeArchiveRecording({ ...env, modelsDir: path.join(tmp.dir, 'kosong') }, { recordingId: A() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RisalahError);
    expect((e as RisalahError).code).toBe('DIARIZATION_MODEL_MISSING');
    expect((e as RisalahError).params.file).toBe('pyannote-segmentation-3.0.onnx');
    expect((await working(A())).rev).toBe(before.rev);
  });
});
