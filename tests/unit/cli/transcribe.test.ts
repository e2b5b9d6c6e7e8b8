/**
 * `risalah transcribe` end to end: the built CLI, real ffmpeg, the real sidecar and a
 * random-weight model (garbage words: structure only).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireEngine, testModel } from '../../helpers/engine';
import { speechWithSilence, type SpeechFile } from '../../helpers/speech';
import { repoRoot, tempDir } from '../../helpers/tmp';

let model: string;
let speech: SpeechFile;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  requireEngine();
  model = await testModel('tiny');
  speech = await speechWithSilence(15);
  tmp = tempDir();
}, 300_000);
afterAll(() => tmp.cleanup());

const env = () => ({
  ...process.env,
  RISALAH_LANG: 'id',
  RISALAH_WHISPER_MAX_TOKENS: '4',
  RISALAH_CACHE: path.join(tmp.dir, 'cache'),
  RISALAH_CONFIG_DIR: path.join(tmp.dir, 'config'),
  RISALAH_DATA_DIR: path.join(tmp.dir, 'data'),
});
const cli = path.join(repoRoot, 'bin', 'risalah.js');

function parseSrt(text: string): { index: number; start: number; end: number; text: string }[] {
  const toSec = (t: string) => {
    const m = /^(\d\d):(\d\d):(\d\d),(\d\d\d)$/.exec(t);
    if (!m) throw new Error(`bad SRT time ${t}`);
    return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
  };
  return text
    .trim()
    .split(/\n\n+/)
    .map((block) => {
      const [index, times, ...lines] = block.split('\n');
      const m = /^(\S+) --> (\S+)$/.exec(times ?? '');
      if (!m || !/^\d+$/.test(index ?? '')) throw new Error(`bad SRT block: ${block}`);
      return { index: Number(index), start: toSec(m[1] as string), end: toSec(m[2] as string), text: lines.join('\n') };
    });
}

describe('risalah transcribe FILE', () => {
  it('writes valid SRT with ordered timestamps inside the audio', () => {
    const out = path.join(tmp.dir, 'hasil.srt');
    const r = spawnSync(process.execPath, [cli, 'transcribe', speech.path, '--model', model, '--format', 'srt', '--out', out, '--threads', '1'], { env: env(), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/mentranskripsi/);
    const cues = parseSrt(readFileSync(out, 'utf8'));
    expect(cues.length).toBeGreaterThan(0);
    cues.forEach((c, i) => {
      expect(c.index).toBe(i + 1);
      expect(c.end).toBeGreaterThan(c.start);
      expect(c.end).toBeLessThanOrEqual(speech.durationSec + 0.05);
      if (i > 0) expect(c.start).toBeGreaterThanOrEqual((cues[i - 1] as { end: number }).end);
      expect(c.text.trim().length).toBeGreaterThan(0);
    });
  });

  it('prints VTT, TXT and JSON to stdout', () => {
    for (const format of ['vtt', 'txt', 'json']) {
      const r = spawnSync(process.execPath, [cli, 'transcribe', speech.path, '--model', model, '--format', format, '--threads', '1'], { env: env(), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      if (format === 'vtt') expect(r.stdout.startsWith('WEBVTT\n\n')).toBe(true);
      if (format === 'txt') expect(r.stdout).toMatch(/^\[00:00:\d\d\] /);
      if (format === 'json') expect(JSON.parse(r.stdout).segments.length).toBeGreaterThan(0);
    }
  });

  it('after kill -9 halfway, the same command resumes from the journal', async () => {
    const out = path.join(tmp.dir, 'lanjut.srt');
    const args = [cli, 'transcribe', speech.path, '--model', model, '--format', 'srt', '--out', out, '--vad', 'off', '--threads', '1'];
    const workDir = path.join(tmp.dir, 'cache', 'work');
    const child = spawn(process.execPath, args, { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    // Kill as soon as a segment is on disk.
    const journaled = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const journal = existsSync(workDir) ? readdirSync(workDir).find((f) => f.endsWith('.journal.jsonl')) : undefined;
        if (!journal) return;
        const lines = readFileSync(path.join(workDir, journal), 'utf8').split('\n').filter((l) => l.includes('"type":"segment"'));
        if (lines.length > 0) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(lines.length);
        }
      }, 20);
      child.once('exit', () => {
        clearInterval(timer);
        reject(new Error('the CLI finished before it could be killed'));
      });
    });
    await new Promise((r) => child.once('exit', r));
    expect(journaled).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);

    const r = spawnSync(process.execPath, args, { env: env(), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`melanjutkan dari \\d+:\\d\\d: ${journaled} segmen sudah selesai`));
    const cues = parseSrt(readFileSync(out, 'utf8'));
    expect(cues.length).toBeGreaterThanOrEqual(journaled);
    expect(readdirSync(workDir).filter((f) => f.endsWith('.journal.jsonl'))).toEqual([]);
  });

  it('fails clearly for a missing model and a file that is not media', () => {
    const noModel = spawnSync(process.execPath, [cli, 'transcribe', speech.path, '--model', path.join(tmp.dir, 'tidak-ada.bin')], { env: env(), encoding: 'utf8' });
    expect(noModel.status).toBe(1);
    expect(noModel.stderr).toMatch(/Model Whisper belum terpasang|tidak-ada\.bin/);
    const text = path.join(tmp.dir, 'catatan.mp3');
    spawnSync('sh', ['-c', `echo "bukan audio" > "${text}"`]);
    const notMedia = spawnSync(process.execPath, [cli, 'transcribe', text, '--model', model], { env: env(), encoding: 'utf8' });
    expect(notMedia.status).toBe(1);
    expect(notMedia.stderr).toMatch(/catatan\.mp3/);
  });
});

describe('risalah models', () => {
  it('lists none, imports a model file (unknown hash: warned), then lists it', () => {
    const empty = spawnSync(process.execPath, [cli, 'models', 'list'], { env: env(), encoding: 'utf8' });
    expect(empty.status).toBe(0);
    expect(empty.stdout).toMatch(/Belum ada model Whisper/);
    const imported = spawnSync(process.execPath, [cli, 'models', 'import', model, '--json'], { env: env(), encoding: 'utf8' });
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ status: 'unverified', alreadyInstalled: false });
    expect(imported.stderr.length).toBeGreaterThan(0);
    const listed = JSON.parse(spawnSync(process.execPath, [cli, 'models', 'list', '--json'], { env: env(), encoding: 'utf8' }).stdout);
    expect(listed.models).toHaveLength(1);
    expect(listed.models[0].usable).toBe(true);
  });
});
