/**
 * `npm run bench:archive` — archive figures on this machine.
 *
 *  1. Edit latency with 1000 events in the archive: one event edited (atomic write + fsync of
 *     the file and its folder), median and p95 over many edits. Goal: ≤ 20 ms.
 *  2. Opening and listing 1000 events (cold: a new Archive object; warm: cached).
 *  3. Import decode time against bare ffmpeg decoding the same file to 16 kHz mono PCM:
 *     `analyzeMedia` (decode + peaks + checks) and the whole `importRecording` (inspect, hash,
 *     analyse, copy, record) as ratios to `ffmpeg -i FILE -ac 1 -ar 16000 -f s16le -y /dev/null`.
 *
 * The last line is JSON with every figure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Archive } from '../main/core/archive/archive';
import { importRecording } from '../main/core/archive/files';
import { analyzeMedia, resolveFfmpeg } from '../main/core/media';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const EDITS = Number(process.env.BENCH_EDITS ?? 300);
const AUDIO_SECONDS = Number(process.env.BENCH_AUDIO_SECONDS ?? 1800);

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const log = (s: string) => process.stderr.write(`${s}\n`);

function run(bin: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} failed: ${err}`))));
  });
}

const root = mkdtempSync(path.join(os.tmpdir(), 'risalah-bench-archive-'));
try {
  // ---- 1 & 2: edits and listing at 1000 events --------------------------------------------
  const dir = path.join(root, 'arsip');
  const archive = await Archive.open(dir);
  const ids: string[] = [];
  let t = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i++) {
    const e = await archive.createEvent({ title: `Kegiatan humas nomor ${i}`, date: `20${10 + (i % 16)}-0${1 + (i % 9)}-1${i % 10}`, type: 'rapat' });
    ids.push(e.id);
  }
  const createMs = ms(t);
  log(`created ${EVENTS} events in ${round(createMs / 1000)} s`);

  const edits: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const id = ids[(i * 7919) % ids.length] as string;
    const ev = await archive.getEvent(id);
    t = process.hrtime.bigint();
    await archive.updateEvent(id, ev.rev, { description: `Catatan suntingan ${i}`, venue: `Aula ${i}` });
    edits.push(ms(t));
  }
  log(`edit at ${EVENTS} events: median ${round(quantile(edits, 0.5))} ms, p95 ${round(quantile(edits, 0.95))} ms`);

  t = process.hrtime.bigint();
  const cold = await Archive.open(dir);
  const coldList = await cold.listEvents();
  const coldListMs = ms(t);
  t = process.hrtime.bigint();
  await cold.listEvents({ q: 'humas 12' });
  const warmListMs = ms(t);
  log(`open + list ${coldList.total} events: ${round(coldListMs)} ms cold, ${round(warmListMs)} ms warm (filtered)`);

  // ---- 3: import against bare ffmpeg --------------------------------------------------------
  const ff = await resolveFfmpeg();
  const speech = path.join(root, 'ucapan.wav');
  await run('espeak-ng', ['-v', 'id', '-w', speech, 'Selamat pagi. Hari ini Direktorat Jenderal Pemasyarakatan menandatangani nota kesepahaman dengan sembilan mitra.']);
  const m4a = path.join(root, `rekaman-${AUDIO_SECONDS}s.m4a`);
  await run(ff.ffmpeg, ['-v', 'error', '-stream_loop', '-1', '-i', speech, '-t', String(AUDIO_SECONDS), '-ac', '1', '-ar', '44100', '-c:a', 'aac', '-b:a', '64k', '-y', m4a]);
  log(`test recording: ${AUDIO_SECONDS} s of AAC (m4a)`);

  const bare: number[] = [];
  const analyse: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = process.hrtime.bigint();
    await run(ff.ffmpeg, ['-nostdin', '-v', 'error', '-i', m4a, '-vn', '-ac', '1', '-ar', '16000', '-f', 's16le', '-y', '/dev/null']);
    bare.push(ms(t));
    t = process.hrtime.bigint();
    await analyzeMedia(m4a, ff);
    analyse.push(ms(t));
  }
  const event = await archive.createEvent({ title: 'Bench impor', date: '2025-07-01', type: 'penandatanganan' });
  t = process.hrtime.bigint();
  await importRecording(archive, ff, event.id, m4a);
  const importMs = ms(t);
  const bareMs = quantile(bare, 0.5);
  const analyseMs = quantile(analyse, 0.5);
  log(`decode ${AUDIO_SECONDS} s: bare ffmpeg ${round(bareMs)} ms, analyzeMedia ${round(analyseMs)} ms (×${round(analyseMs / bareMs)}), whole import ${round(importMs)} ms (×${round(importMs / bareMs)})`);

  const result = {
    bench: 'archive',
    events: EVENTS,
    editMedianMs: round(quantile(edits, 0.5)),
    editP95Ms: round(quantile(edits, 0.95)),
    editGoalMs: 20,
    openAndListColdMs: round(coldListMs),
    listFilteredWarmMs: round(warmListMs),
    audioSeconds: AUDIO_SECONDS,
    ffmpeg: `${ff.version} (${ff.source})`,
    bareFfmpegDecodeMs: round(bareMs),
    analyzeMs: round(analyseMs),
    analyzeRatio: round(analyseMs / bareMs),
    importMs: round(importMs),
    importRatio: round(importMs / bareMs),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
