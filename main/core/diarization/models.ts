/**
 * The diarization models of this computer: which are installed, and getting new ones in.
 *
 * Owns: the `.onnx` files of the models folder (the same folder as the Whisper models:
 * `RISALAH_MODELS_DIR`, else `<user data>/models`), each with a sidecar `<file>.json` (a
 * `DiarizationModelRecord`: role, SHA-256, size, where it came from, whether the hash matched
 * catalog.ts) — listing them (`listDiarizationModels`: role read from the file itself, so a model
 * copied in by hand is found too), choosing the pair a diarization uses (`activeDiarizationModels`:
 * DIARIZATION_MODEL_MISSING saying what to install when a role has none), importing a file from a
 * USB drive (`importDiarizationModel`: checked against what sherpa-onnx reads before a byte is
 * copied, hashed while copied, matched against the catalog), downloading a catalog model
 * (`downloadDiarizationModel`: download.ts, hash-checked) and removing one.
 *
 * The Whisper model store (main/core/transcription/models.ts) owns `*.bin`; this owns `*.onnx`.
 * They share the folder and nothing else.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RisalahError } from '../errors';
import { mkdirDurable, syncDir, writeFileAtomic } from '../fs/atomic';
import { copyAndHash, hashFile } from '../fs/copy';
import { DIARIZATION_CATALOG, type DiarizationCatalogEntry } from './catalog';
import { downloadToPart, type DownloadOptions } from './download';
import { diarizationModelProblems, inspectOnnxFile, type DiarizationModelKind, type OnnxInfo } from './onnx-inspect';

export type DiarizationRole = DiarizationModelKind;

export const DiarizationModelRecord = z.object({
  version: z.literal(1),
  kind: z.literal('diarization'),
  /** Catalog id when the SHA-256 matched the catalog; null for a file the catalog does not know. */
  id: z.string().max(200).nullable(),
  role: z.enum(['segmentation', 'embedding']),
  file: z.string().max(300),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
  source: z.enum(['download', 'import']),
  importedFrom: z.string().max(4096).optional(),
  url: z.string().max(4096).optional(),
  verified: z.boolean(),
  addedAt: z.string().max(40),
  /** Embedding models: the size of their vectors. */
  dim: z.number().int().positive().nullable().default(null),
});
export type DiarizationModelRecord = z.output<typeof DiarizationModelRecord>;

export interface InstalledDiarizationModel {
  /** The catalog id when verified, else `file:<name>`. */
  id: string;
  role: DiarizationRole;
  file: string;
  path: string;
  sizeBytes: number;
  /** verified: hash matched the catalog; unverified: imported, hash unknown; unchecked: put in the folder by hand; damaged: changed since, or not a diarization model. */
  status: 'verified' | 'unverified' | 'unchecked' | 'damaged';
  usable: boolean;
  catalog: DiarizationCatalogEntry | null;
  record: DiarizationModelRecord | null;
}

const sidecarOf = (file: string) => `${file}.json`;

async function readRecord(file: string): Promise<DiarizationModelRecord | null> {
  try {
    const parsed = DiarizationModelRecord.safeParse(JSON.parse(await fs.readFile(sidecarOf(file), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The role a model's header fits, or the problems of the role it looks closest to. */
export function roleOf(info: OnnxInfo): { role: DiarizationRole } | { role: null; problems: string[] } {
  const seg = diarizationModelProblems('segmentation', info);
  if (!seg.length) return { role: 'segmentation' };
  const emb = diarizationModelProblems('embedding', info);
  if (!emb.length) return { role: 'embedding' };
  const looksEmbedding = 'framework' in info.metadata || 'output_dim' in info.metadata;
  return { role: null, problems: looksEmbedding ? emb : 'window_size' in info.metadata || 'num_speakers' in info.metadata ? seg : [...seg.slice(0, 1), ...emb.slice(0, 1)] };
}

/** The role of an .onnx file, or DIARIZATION_MODEL_INVALID saying why it is none. */
export async function inspectDiarizationModel(file: string): Promise<{ role: DiarizationRole; info: OnnxInfo }> {
  const info = await inspectOnnxFile(file);
  const r = roleOf(info);
  if (r.role === null) {
    throw new RisalahError('DIARIZATION_MODEL_INVALID', `${file}: not a diarization model: ${r.problems.join('; ')}`, {
      file: path.basename(file),
      reason: r.problems.join('; ').slice(0, 300),
    });
  }
  return { role: r.role, info };
}

/** Roles of files copied in by hand, by path, size and time (a file is parsed once). */
const uncheckedRoles = new Map<string, { stamp: string; role: DiarizationRole | null }>();

async function describe(dir: string, file: string, catalog: readonly DiarizationCatalogEntry[]): Promise<InstalledDiarizationModel | null> {
  const full = path.join(dir, file);
  const st = await fs.stat(full).catch(() => null);
  if (!st?.isFile()) return null;
  const record = await readRecord(full);
  let role: DiarizationRole | null = record?.role ?? null;
  let status: InstalledDiarizationModel['status'];
  let entry: DiarizationCatalogEntry | null = null;
  if (record) {
    const known = record.id ? catalog.find((c) => c.id === record.id) : undefined;
    const verified = record.verified && !!known && known.sha256 === record.sha256;
    status = record.sizeBytes !== st.size ? 'damaged' : verified ? 'verified' : 'unverified';
    if (verified) entry = known ?? null;
  } else {
    const stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
    let cached = uncheckedRoles.get(full);
    if (cached?.stamp !== stamp) {
      const found = await inspectOnnxFile(full).then(roleOf, () => ({ role: null }));
      cached = { stamp, role: found.role };
      uncheckedRoles.set(full, cached);
    }
    role = cached.role;
    status = role ? 'unchecked' : 'damaged';
    entry = catalog.find((c) => c.file === file && c.sizeBytes === st.size) ?? null;
  }
  return {
    id: status === 'verified' && entry ? entry.id : `file:${file}`,
    role: role ?? 'embedding',
    file,
    path: full,
    sizeBytes: st.size,
    status,
    usable: status !== 'damaged',
    catalog: entry,
    record,
  };
}

/** Every `.onnx` model in the folder with its role and status (verified first, then by name). */
export async function listDiarizationModels(dir: string, catalog: readonly DiarizationCatalogEntry[] = DIARIZATION_CATALOG): Promise<InstalledDiarizationModel[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new RisalahError('FILE_UNREADABLE', `cannot read the models folder ${dir}`, { file: dir });
  }
  const models = await Promise.all(names.filter((n) => n.endsWith('.onnx') && !n.startsWith('.')).map((n) => describe(dir, n, catalog)));
  const rank = { verified: 0, unverified: 1, unchecked: 2, damaged: 3 } as const;
  return models.filter((m): m is InstalledDiarizationModel => m !== null).sort((a, b) => rank[a.status] - rank[b.status] || a.file.localeCompare(b.file));
}

/** The model of each role a diarization uses: the recommended one, else a verified one, else any usable one. */
export function pickDiarizationModels(installed: readonly InstalledDiarizationModel[]): Partial<Record<DiarizationRole, InstalledDiarizationModel>> {
  const out: Partial<Record<DiarizationRole, InstalledDiarizationModel>> = {};
  for (const role of ['segmentation', 'embedding'] as const) {
    const usable = installed.filter((m) => m.role === role && m.usable);
    const pick = usable.find((m) => m.status === 'verified' && m.catalog?.recommended) ?? usable.find((m) => m.status === 'verified') ?? usable[0];
    if (pick) out[role] = pick;
  }
  return out;
}

/** The pair "Kenali pembicara" runs with; DIARIZATION_MODEL_MISSING naming what to install. */
export async function activeDiarizationModels(dir: string): Promise<{ segmentation: InstalledDiarizationModel; embedding: InstalledDiarizationModel }> {
  const picked = pickDiarizationModels(await listDiarizationModels(dir));
  for (const role of ['segmentation', 'embedding'] as const) {
    if (!picked[role]) {
      const want = DIARIZATION_CATALOG.find((c) => c.role === role && c.recommended)!;
      throw new RisalahError('DIARIZATION_MODEL_MISSING', `no ${role} model is installed in ${dir}: install ${want.file} (Settings › Model, or \`risalah models import FILE\`)`, { file: want.file, role });
    }
  }
  return { segmentation: picked.segmentation!, embedding: picked.embedding! };
}

function safeOnnxName(name: string): string {
  let base = path.basename(name).replace(/[^A-Za-z0-9._+-]+/g, '-').replace(/^[.-]+/, '').slice(0, 120);
  if (!base) base = 'model';
  return base.toLowerCase().endsWith('.onnx') ? base : `${base}.onnx`;
}

export interface ImportResult {
  model: InstalledDiarizationModel;
  alreadyInstalled: boolean;
}

/**
 * Install a diarization model file (e.g. from a USB drive): checked first (not ONNX, or not a
 * model sherpa-onnx would run: DIARIZATION_MODEL_INVALID, nothing copied), then copied and hashed
 * in one read (temporary name, fsync, rename). Its SHA-256 in the catalog → verified under the
 * catalog's name; a file of a catalog model's size and role with another hash → refused
 * (altered or damaged); anything else → installed unverified. The same file twice copies nothing.
 */
export async function importDiarizationModel(
  dir: string,
  source: string,
  o: { originalName?: string; signal?: AbortSignal; onProgress?: (bytes: number, total: number) => void; catalog?: readonly DiarizationCatalogEntry[] } = {},
): Promise<ImportResult> {
  const catalog = o.catalog ?? DIARIZATION_CATALOG;
  const st = await fs.stat(source).catch(() => null);
  if (!st?.isFile()) throw new RisalahError('FILE_UNREADABLE', `cannot read ${source}`, { file: path.basename(o.originalName ?? source) });
  const shown = path.basename(o.originalName ?? source);
  const { role, info } = await inspectDiarizationModel(source).catch((e: unknown) => {
    if (e instanceof RisalahError && e.code === 'DIARIZATION_MODEL_INVALID') throw new RisalahError(e.code, e.message, { ...e.params, file: shown });
    throw e;
  });
  await mkdirDurable(dir);
  const temp = path.join(dir, `.import-${randomBytes(6).toString('hex')}.onnx`);
  try {
    const copied = await copyAndHash(source, temp, {
      ...(o.signal ? { signal: o.signal } : {}),
      onBytes: (b) => o.onProgress?.(b, st.size),
    });
    const installed = await listDiarizationModels(dir, catalog);
    const hit = catalog.find((c) => c.sha256 === copied.sha256);
    const recordFor = (file: string): DiarizationModelRecord => ({
      version: 1,
      kind: 'diarization',
      id: hit?.id ?? null,
      role,
      file,
      sha256: copied.sha256,
      sizeBytes: copied.bytes,
      source: 'import',
      importedFrom: o.originalName ?? source,
      verified: !!hit && hit.role === role,
      addedAt: new Date().toISOString(),
      dim: role === 'embedding' ? Number(info.metadata.output_dim) || null : null,
    });
    for (const m of installed) {
      const theirs = m.record?.sha256 ?? (m.status === 'unchecked' && m.sizeBytes === copied.bytes ? await hashFile(m.path) : null);
      if (theirs !== copied.sha256) continue;
      if (m.record) return { model: m, alreadyInstalled: true };
      // the same file, copied into the folder by hand: record it where it is
      await writeFileAtomic(sidecarOf(m.path), `${JSON.stringify(recordFor(m.file), null, 2)}\n`, { backup: false });
      await syncDir(dir);
      const model = (await listDiarizationModels(dir, catalog)).find((x) => x.file === m.file);
      if (model) return { model, alreadyInstalled: true };
    }
    const twin = catalog.find((c) => c.role === role && c.sizeBytes === copied.bytes && c.sha256 && c.sha256 !== copied.sha256);
    if (!hit && twin) {
      throw new RisalahError('DIARIZATION_MODEL_INVALID', `${shown} has the size of ${twin.id} but not its hash (an altered or damaged copy)`, {
        file: shown,
        reason: `SHA-256 ${copied.sha256.slice(0, 12)}… ≠ ${twin.id}`,
      });
    }
    if (hit && hit.role !== role) {
      throw new RisalahError('DIARIZATION_MODEL_INVALID', `${shown} matches ${hit.id} by hash but reads as a ${role} model`, { file: shown, reason: `${hit.id}: role` });
    }
    let file = hit ? hit.file : safeOnnxName(shown);
    if (!hit && (catalog.some((c) => c.file === file) || installed.some((m) => m.file === file))) file = `${file.slice(0, -5)}-${copied.sha256.slice(0, 8)}.onnx`;
    const target = path.join(dir, file);
    // sidecar first: a crash between the two leaves an orphan sidecar, which listing ignores
    await writeFileAtomic(sidecarOf(target), `${JSON.stringify(recordFor(file), null, 2)}\n`, { backup: false });
    await fs.rename(temp, target);
    await syncDir(dir);
    uncheckedRoles.delete(target);
    const model = (await listDiarizationModels(dir, catalog)).find((m) => m.file === file);
    if (!model) throw new RisalahError('FILE_UNREADABLE', `${target} vanished`, { file });
    return { model, alreadyInstalled: false };
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** `.part` files of catalog models: downloads a new download resumes. */
export async function partialDiarizationDownloads(dir: string): Promise<{ id: string; bytes: number }[]> {
  const out: { id: string; bytes: number }[] = [];
  for (const c of DIARIZATION_CATALOG) {
    const st = await fs.stat(path.join(dir, `${c.file}.part`)).catch(() => null);
    if (st?.isFile()) out.push({ id: c.id, bytes: st.size });
  }
  return out;
}

/**
 * Download catalog model `id` (resuming an earlier `.part`), verify its SHA-256 and install it.
 * `baseUrl` replaces the catalog's address (a mirror; tests). NOT_FOUND for an unknown id.
 */
export async function downloadDiarizationModel(
  dir: string,
  id: string,
  o: DownloadOptions & { baseUrl?: string; catalog?: readonly DiarizationCatalogEntry[] } = {},
): Promise<ImportResult> {
  const catalog = o.catalog ?? DIARIZATION_CATALOG;
  const entry = catalog.find((c) => c.id === id);
  if (!entry) throw new RisalahError('NOT_FOUND', `${id} is not a diarization model of the catalog`, { id });
  if (!entry.sha256) throw new RisalahError('MODEL_DOWNLOAD_FAILED', `${id} has no known hash: it cannot be downloaded safely`, { file: entry.file, reason: 'no-hash' });
  const already = (await listDiarizationModels(dir, catalog)).find((m) => m.status === 'verified' && m.catalog?.id === id);
  if (already) return { model: already, alreadyInstalled: true };
  await mkdirDurable(dir);
  const target = path.join(dir, entry.file);
  const part = `${target}.part`;
  const url = o.baseUrl ? `${o.baseUrl.replace(/\/+$/, '')}/${entry.file}` : entry.url;
  await downloadToPart({ url, part, sizeBytes: entry.sizeBytes, sha256: entry.sha256 }, o);
  const { role, info } = await inspectDiarizationModel(part);
  const record: DiarizationModelRecord = {
    version: 1,
    kind: 'diarization',
    id: entry.id,
    role,
    file: entry.file,
    sha256: entry.sha256,
    sizeBytes: entry.sizeBytes,
    source: 'download',
    url,
    verified: true,
    addedAt: new Date().toISOString(),
    dim: role === 'embedding' ? Number(info.metadata.output_dim) || null : null,
  };
  await writeFileAtomic(sidecarOf(target), `${JSON.stringify(record, null, 2)}\n`, { backup: false });
  await fs.rename(part, target);
  await syncDir(dir);
  const model = (await listDiarizationModels(dir, catalog)).find((m) => m.file === entry.file);
  if (!model) throw new RisalahError('FILE_UNREADABLE', `${target} vanished`, { file: entry.file });
  return { model, alreadyInstalled: false };
}

/** Delete an installed diarization model (by id or file name) and its sidecar. */
export async function removeDiarizationModel(dir: string, idOrFile: string): Promise<void> {
  const model = (await listDiarizationModels(dir)).find((m) => m.id === idOrFile || m.file === idOrFile || m.catalog?.id === idOrFile);
  if (!model) throw new RisalahError('NOT_FOUND', `no installed diarization model ${idOrFile}`, { id: idOrFile });
  await fs.rm(sidecarOf(model.path), { force: true });
  await fs.rm(model.path, { force: true });
  await syncDir(dir);
}

/**
 * Is this file (given to "import a model") a diarization model rather than a Whisper one? ONNX
 * files start with field 1 (ir_version, a varint: byte 0x08); ggml and GGUF files with their magic.
 */
export async function looksLikeOnnx(file: string, name = file): Promise<boolean> {
  const head = Buffer.alloc(4);
  const fh = await fs.open(file, 'r').catch(() => null);
  if (!fh) return false;
  try {
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead < 4) return name.toLowerCase().endsWith('.onnx');
  } finally {
    await fh.close();
  }
  const magic = head.readUInt32LE(0);
  if (magic === 0x67676d6c || magic === 0x46554747) return false; // ggml, GGUF
  return name.toLowerCase().endsWith('.onnx') || head[0] === 0x08;
}
