/**
 * Settings of this computer (not of the archive): where ffmpeg is, which Whisper model, how many
 * threads, how similar a voice must be to be suggested; and where this computer keeps models (data folder) and work files (cache folder). They stay on the machine — a path to ffmpeg means nothing on the next laptop the
 * archive's USB drive is plugged into — so they live in the user's config folder:
 * `RISALAH_CONFIG_DIR`, else `$XDG_CONFIG_HOME/risalah` (`~/.config/risalah`), `%APPDATA%\Risalah`
 * on Windows, `~/Library/Application Support/Risalah` on macOS.
 *
 * Owns: reading and writing `settings.json` there (atomically).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { clientMay, type ClientKind } from '../api/contract';
import type { MachineSettingsView } from '../api/schemas';
import { isRisalahError } from './errors';
import { writeFileAtomic, mkdirDurable } from './fs/atomic';
import { resolveFfmpeg } from './media';

export const MachineSettings = z.object({
  /** ffmpeg chosen by the user; empty: found automatically. */
  ffmpegPath: z.string().max(4096).default(''),
  ffprobePath: z.string().max(4096).default(''),
  /** The Whisper model chosen (an installed model's id); empty: the recommended/best installed. */
  modelId: z.string().max(200).default(''),
  /** CPU threads for transcription; 0: every core, at most 8. */
  threads: z.number().int().min(0).max(64).default(0),
  /** Voiceprint suggestions ("Mashudi? (kemiripan 0,82)"): the cosine similarity they need. */
  speakerThreshold: z.number().min(0.3).max(0.99).catch(0.6).default(0.6),
});
export type MachineSettings = z.output<typeof MachineSettings>;

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RISALAH_CONFIG_DIR) return path.resolve(env.RISALAH_CONFIG_DIR);
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Risalah');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Risalah');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'risalah');
}

/** Big per-user data (Whisper models): `RISALAH_DATA_DIR`, else XDG data / %LOCALAPPDATA% / Application Support. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RISALAH_DATA_DIR) return path.resolve(env.RISALAH_DATA_DIR);
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'Risalah');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Risalah');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'risalah');
}

/** Throw-away work files (decoded PCM while a transcription runs): `RISALAH_CACHE`, else the user cache folder. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RISALAH_CACHE) return path.resolve(env.RISALAH_CACHE);
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'Risalah', 'Cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'Risalah');
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'risalah');
}

/** Default threads for Whisper: every core, at most 8 (whisper.cpp gains little beyond). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

export class SettingsStore {
  private current: MachineSettings | null = null;
  constructor(readonly dir: string = configDir()) {}

  private get file(): string {
    return path.join(this.dir, 'settings.json');
  }

  async get(): Promise<MachineSettings> {
    if (this.current) return this.current;
    const raw = await fs.readFile(this.file, 'utf8').then((t) => JSON.parse(t) as unknown).catch(() => null);
    const parsed = MachineSettings.safeParse(raw ?? {});
    this.current = parsed.success ? parsed.data : MachineSettings.parse({});
    return this.current;
  }

  async update(patch: Partial<MachineSettings>): Promise<MachineSettings> {
    const next = MachineSettings.parse({ ...(await this.get()), ...patch });
    await mkdirDurable(this.dir);
    await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
    return next;
  }
}

/** This computer's settings as the UI shows them, with the ffmpeg in use (or why there is none). */
export async function machineSettingsView(
  store: SettingsStore,
  ffmpeg: () => Promise<{ ffmpeg: string; version: string; source: string }>,
  client: ClientKind,
): Promise<MachineSettingsView> {
  const s = await store.get();
  let ff: MachineSettingsView['ffmpeg'];
  try {
    const tools = await ffmpeg();
    ff = { ok: true, path: tools.ffmpeg, version: tools.version, source: tools.source };
  } catch (e) {
    ff = isRisalahError(e) ? { ok: false, code: e.code, message: e.message } : { ok: false, code: 'INTERNAL', message: String(e) };
  }
  return {
    ffmpegPath: s.ffmpegPath,
    ffprobePath: s.ffprobePath,
    threads: s.threads,
    autoThreads: defaultThreads(),
    ffmpeg: ff,
    canChange: clientMay(client, 'local'),
    canChangeTools: clientMay(client, 'app'),
  };
}

/**
 * Change this computer's settings. A path to ffmpeg or ffprobe the user gives must work: it is
 * tried first, and refused (the settings unchanged) when it does not.
 */
export async function changeMachineSettings(store: SettingsStore, patch: Partial<Pick<MachineSettings, 'ffmpegPath' | 'ffprobePath'>>): Promise<void> {
  if (patch.ffmpegPath || patch.ffprobePath) {
    const current = await store.get();
    await resolveFfmpeg({
      ffmpegPath: patch.ffmpegPath ?? (current.ffmpegPath || null),
      ffprobePath: patch.ffprobePath ?? (current.ffprobePath || null),
    });
  }
  await store.update(patch);
}
