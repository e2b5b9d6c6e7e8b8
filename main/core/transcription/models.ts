/**
 * The models folder: which Whisper models are installed, and getting new ones in.
 *
 * Owns: the per-user models folder (`<user data>/models`, or `RISALAH_MODELS_DIR`) — each model
 * is its ggml file plus a sidecar `<file>.json` (a `ModelRecord`: hashes, size, where it came
 * from, whether its SHA-256 matched the catalog, its header) —, reading and checking ggml files
 * (`inspectModelFile`: the header and the whole tensor layout, so a truncated or foreign file is
 * refused before anything is copied), listing (`listModels`, `defaultModel`), `importModel`
 * (a file from a USB drive: check, stream-hash + copy to a `.part`, fsync, rename),
 * `downloadModel` (HTTP with progress, `Range` resume, redirects, SHA-256 check, cancel) and
 * `removeModel`. Nothing here runs by itself: no download happens unless `downloadModel` is
 * called. The catalog and the recommendation are in models-catalog.ts; docs/models.md explains
 * the layout and the rules.
 *
 * Errors are `RisalahError`s. Download failures carry a precise `params.reason` (`offline`,
 * `http`, `network`, `disk-full`, `hash-mismatch`, `size-mismatch`) under an interim contract
 * code (`INTERIM_CODES`) until the contract has codes of their own.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { ErrorCode } from '../../api/errors';
import { RisalahError } from '../errors';
import { mkdirDurable, syncDir, writeFileAtomic } from '../fs/atomic';
import {
  MODEL_CATALOG,
  RECOMMENDED_MODEL_ID,
  findCatalogEntry,
  qualityOf,
  type CatalogEntry,
  type LocalizedText,
  type ModelFamily,
  type Quantization,
} from './models-catalog';

// ---------------------------------------------------------------------------------------------
// the folder

/** Overrides the models folder (tests, portable installs, a shared folder on a lab machine). */
export const MODELS_DIR_ENV = 'RISALAH_MODELS_DIR';

/** `RISALAH_MODELS_DIR` if set, else `<userDataDir>/models`. */
export function modelsDir(userDataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[MODELS_DIR_ENV]?.trim();
  return fromEnv ? path.resolve(fromEnv) : path.join(userDataDir, 'models');
}

const sidecarOf = (modelFile: string): string => `${modelFile}.json`;

// ---------------------------------------------------------------------------------------------
// the ggml header

/** `ggml` as a little-endian uint32: the first 4 bytes of every whisper.cpp model ("lmgg"). */
export const GGML_MAGIC = 0x67676d6c;
const HEADER_BYTES = 4 + 11 * 4;

/** The hyper-parameters at the start of a model, in file order (whisper.cpp `whisper_model_load`). */
export interface ModelHeader {
  nVocab: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioHead: number;
  nAudioLayer: number;
  nTextCtx: number;
  nTextState: number;
  nTextHead: number;
  nTextLayer: number;
  nMels: number;
  /** Weight type, plus 1000 × the quantization version for quantized files. */
  ftype: number;
}

const FTYPES: Record<number, Quantization> = {
  0: 'f32',
  1: 'f16',
  2: 'q4_0',
  3: 'q4_1',
  7: 'q8_0',
  8: 'q5_0',
  9: 'q5_1',
  10: 'q2_k',
  11: 'q3_k',
  12: 'q4_k',
  13: 'q5_k',
  14: 'q6_k',
};

/** ggml tensor types a whisper.cpp file may hold: [elements per block, bytes per block]. */
const TENSOR_TYPES: Record<number, readonly [number, number]> = {
  0: [1, 4], // f32
  1: [1, 2], // f16
  2: [32, 18], // q4_0
  3: [32, 20], // q4_1
  6: [32, 22], // q5_0
  7: [32, 24], // q5_1
  8: [32, 34], // q8_0
  9: [32, 36], // q8_1
  10: [256, 84], // q2_K
  11: [256, 110], // q3_K
  12: [256, 144], // q4_K
  13: [256, 176], // q5_K
  14: [256, 210], // q6_K
  15: [256, 292], // q8_K
  30: [1, 2], // bf16
};

/** Why a file was refused as a model (`params.reason` of MODEL_INVALID). */
export type InvalidModelReason =
  | 'empty'
  | 'not-ggml'
  | 'gguf'
  | 'bad-header'
  | 'truncated'
  | 'damaged'
  | 'no-weights'
  | 'hash-mismatch'
  | 'size-mismatch';

type HeaderParse = { ok: true; header: ModelHeader } | { ok: false; reason: InvalidModelReason };

const inRange = (v: number, lo: number, hi: number): boolean => Number.isInteger(v) && v >= lo && v <= hi;

/** The header of a whisper.cpp ggml model from the first 48 bytes of the file. */
export function parseModelHeader(bytes: Uint8Array): HeaderParse {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 4) {
    const magic = view.getUint32(0, true);
    if (magic === 0x46554747) return { ok: false, reason: 'gguf' }; // "GGUF"
    if (magic !== GGML_MAGIC) return { ok: false, reason: 'not-ggml' };
  } else {
    return { ok: false, reason: 'not-ggml' };
  }
  if (bytes.length < HEADER_BYTES) return { ok: false, reason: 'truncated' };
  const i = (n: number): number => view.getInt32(4 + n * 4, true);
  const header: ModelHeader = {
    nVocab: i(0),
    nAudioCtx: i(1),
    nAudioState: i(2),
    nAudioHead: i(3),
    nAudioLayer: i(4),
    nTextCtx: i(5),
    nTextState: i(6),
    nTextHead: i(7),
    nTextLayer: i(8),
    nMels: i(9),
    ftype: i(10),
  };
  const plausible =
    inRange(header.nVocab, 1, 1_000_000) &&
    inRange(header.nAudioCtx, 1, 100_000) &&
    inRange(header.nAudioState, 1, 16_384) &&
    inRange(header.nAudioHead, 1, 1024) &&
    inRange(header.nAudioLayer, 1, 1024) &&
    inRange(header.nTextCtx, 1, 100_000) &&
    header.nTextState === header.nAudioState && // whisper.cpp asserts it
    inRange(header.nTextHead, 1, 1024) &&
    inRange(header.nTextLayer, 1, 1024) &&
    inRange(header.nMels, 1, 1024) &&
    header.ftype >= 0 &&
    FTYPES[header.ftype % 1000] !== undefined;
  return plausible ? { ok: true, header } : { ok: false, reason: 'bad-header' };
}

/** What a header says about the model, for files whose hash is not in the catalog. */
export interface ModelDescription {
  /** The checkpoint size it looks like, or null when its dimensions match none. */
  family: ModelFamily | null;
  quantization: Quantization | null;
  /** Has language tokens (n_vocab ≥ 51865): can transcribe Indonesian. */
  multilingual: boolean;
  /** n_vocab = 51864: an `.en` model, English only. */
  englishOnly: boolean;
  /** Plain label, e.g. `small (q8_0)` or `unknown: 12 audio layers × 768, f16`. */
  label: string;
}

function familyOf(h: ModelHeader): ModelFamily | null {
  const sym = (layers: number, state: number): boolean =>
    h.nAudioLayer === layers && h.nAudioState === state && h.nTextLayer === layers && h.nMels === 80;
  if (sym(4, 384)) return 'tiny';
  if (sym(6, 512)) return 'base';
  if (sym(12, 768)) return 'small';
  if (sym(24, 1024)) return 'medium';
  if (h.nAudioLayer === 32 && h.nAudioState === 1280) {
    if (h.nMels === 80 && h.nTextLayer === 32) return 'large';
    if (h.nMels === 128 && h.nTextLayer === 32) return 'large-v3';
    if (h.nMels === 128 && h.nTextLayer === 4) return 'large-v3-turbo';
  }
  return null;
}

export function describeHeader(h: ModelHeader): ModelDescription {
  const family = familyOf(h);
  const quantization = FTYPES[h.ftype % 1000] ?? null;
  const englishOnly = h.nVocab === 51864;
  const multilingual = h.nVocab >= 51865;
  const q = quantization ?? `ftype ${h.ftype}`;
  const label = family
    ? `${family}${englishOnly ? '.en' : ''} (${q})`
    : `unknown: ${h.nAudioLayer} audio layers × ${h.nAudioState}, ${h.nTextLayer} text layers, ${q}`;
  return { family, quantization, multilingual, englishOnly, label };
}

// ---------------------------------------------------------------------------------------------
// the whole file: header, mel filters, vocabulary, then every tensor to the end

/** What `inspectModelFile` found in a file that whisper.cpp would load. */
export interface ModelInspection {
  header: ModelHeader;
  description: ModelDescription;
  sizeBytes: number;
  /** Tensors in the file; equals what whisper.cpp expects for these dimensions. */
  tensors: number;
}

class Truncated extends Error {}
class Damaged extends Error {}

/**
 * Sequential reads over a file handle through a small window (8 KiB: the vocabulary is ~0.5 MB of
 * tiny records, a tensor header ~100 bytes); skips over tensor data never read it.
 */
class FileCursor {
  pos = 0;
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  constructor(
    private readonly fh: fs.FileHandle,
    readonly size: number,
  ) {}

  private async ensure(n: number): Promise<number> {
    if (this.pos + n > this.size) throw new Truncated();
    const off = this.pos - this.bufStart;
    if (off >= 0 && off + n <= this.buf.length) return off;
    const len = Math.min(Math.max(n, 8 << 10), this.size - this.pos);
    const buf = Buffer.alloc(len);
    const { bytesRead } = await this.fh.read(buf, 0, len, this.pos);
    if (bytesRead < n) throw new Truncated();
    this.buf = buf.subarray(0, bytesRead);
    this.bufStart = this.pos;
    return 0;
  }

  async i32(): Promise<number> {
    const off = await this.ensure(4);
    this.pos += 4;
    return this.buf.readInt32LE(off);
  }

  async u32(): Promise<number> {
    const off = await this.ensure(4);
    this.pos += 4;
    return this.buf.readUInt32LE(off);
  }

  skip(n: number): void {
    if (this.pos + n > this.size) throw new Truncated();
    this.pos += n;
  }
}

/** Tensors whisper.cpp creates for these dimensions: 11 + 15 per encoder layer + 24 per decoder layer. */
export function expectedTensorCount(h: ModelHeader): number {
  return 11 + 15 * h.nAudioLayer + 24 * h.nTextLayer;
}

function invalid(file: string, reason: InvalidModelReason, detail: string, extra: Record<string, string | number> = {}): RisalahError {
  return new RisalahError('MODEL_INVALID', `The model file "${path.basename(file)}" is not usable: ${detail}`, {
    file: path.basename(file),
    reason,
    ...extra,
  });
}

function unreadable(file: string, e: unknown): RisalahError {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  return new RisalahError('FILE_UNREADABLE', `Cannot read "${file}" (${code}).`, { file: path.basename(file) });
}

/**
 * Read a ggml model as whisper.cpp would — header, mel filters, vocabulary, then every tensor
 * header up to the end of the file (tensor data is skipped, not read) — and refuse it with
 * MODEL_INVALID unless it would load: not ggml (or GGUF, or a PyTorch file), implausible
 * dimensions, cut off (`truncated`), inconsistent tensors (`damaged`), or no weights at all.
 */
export async function inspectModelFile(file: string, catalog: readonly CatalogEntry[] = MODEL_CATALOG): Promise<ModelInspection> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, 'r');
  } catch (e) {
    throw unreadable(file, e);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw unreadable(file, Object.assign(new Error('not a file'), { code: 'EISDIR' }));
    const head = Buffer.alloc(Math.min(HEADER_BYTES, st.size));
    if (head.length) await fh.read(head, 0, head.length, 0);
    const parsed = parseModelHeader(head);
    if (!parsed.ok) {
      const detail: Record<InvalidModelReason, string> = {
        empty: 'the file is empty',
        'not-ggml': 'it is not a whisper.cpp ggml model (no "ggml" magic at the start)',
        gguf: 'it is a GGUF file; whisper.cpp needs the ggml format (ggml-*.bin)',
        'bad-header': 'its header has impossible dimensions',
        truncated: 'the file ends inside its header',
        damaged: '',
        'no-weights': '',
        'hash-mismatch': '',
        'size-mismatch': '',
      };
      throw invalid(file, parsed.reason, detail[parsed.reason]);
    }
    const header = parsed.header;
    const description = describeHeader(header);
    const cur = new FileCursor(fh, st.size);
    let tensors = 0;
    try {
      cur.skip(HEADER_BYTES);
      const nMel = await cur.i32();
      const nFft = await cur.i32();
      if (!inRange(nMel, 1, 1024) || !inRange(nFft, 1, 65_536)) throw new Damaged('mel filters');
      cur.skip(nMel * nFft * 4);
      const nTokens = await cur.i32();
      if (!inRange(nTokens, 0, header.nVocab)) throw new Damaged('vocabulary size');
      for (let t = 0; t < nTokens; t++) {
        const len = await cur.u32();
        if (len > 4096) throw new Damaged('vocabulary entry');
        cur.skip(len);
      }
      while (cur.pos < cur.size) {
        const nDims = await cur.i32();
        const nameLen = await cur.i32();
        const ttype = await cur.i32();
        const type = TENSOR_TYPES[ttype];
        if (!inRange(nDims, 1, 4) || !inRange(nameLen, 1, 1024) || !type) throw new Damaged(`tensor ${tensors} header`);
        let elements = 1;
        let ne0 = 0;
        for (let d = 0; d < nDims; d++) {
          const ne = await cur.i32();
          if (!inRange(ne, 1, 2 ** 31 - 1)) throw new Damaged(`tensor ${tensors} shape`);
          if (d === 0) ne0 = ne;
          elements *= ne;
        }
        const [block, blockBytes] = type;
        if (ne0 % block !== 0) throw new Damaged(`tensor ${tensors} shape`);
        cur.skip(nameLen);
        cur.skip((elements / block) * blockBytes);
        tensors++;
      }
    } catch (e) {
      if (e instanceof Truncated) {
        const expected = catalog.find((c) => c.family === description.family && c.quantization === description.quantization && c.sizeBytes > st.size);
        throw invalid(
          file,
          'truncated',
          `the file is cut off (${st.size} bytes${expected ? `; ${expected.id} has ${expected.sizeBytes}` : ''})`,
          expected ? { expectedBytes: expected.sizeBytes, bytes: st.size } : { bytes: st.size },
        );
      }
      if (e instanceof Damaged) throw invalid(file, 'damaged', `its ${e.message} is corrupt`);
      throw unreadable(file, e);
    }
    const expected = expectedTensorCount(header);
    if (tensors === 0) throw invalid(file, 'no-weights', 'it has no weights (a whisper.cpp test stub)');
    if (tensors < expected) throw invalid(file, 'truncated', `it has ${tensors} of the ${expected} tensors`, { bytes: st.size });
    if (tensors > expected) throw invalid(file, 'damaged', `it has ${tensors} tensors, ${expected} expected`);
    return { header, description, sizeBytes: st.size, tensors };
  } finally {
    await fh.close();
  }
}

/** Header of a file, or null when it has none (listing must not fail on one bad file). */
async function readHeader(file: string): Promise<ModelHeader | null> {
  try {
    const fh = await fs.open(file, 'r');
    try {
      const head = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await fh.read(head, 0, HEADER_BYTES, 0);
      const parsed = parseModelHeader(head.subarray(0, bytesRead));
      return parsed.ok ? parsed.header : null;
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// sidecar records

const HeaderSchema = z.object({
  nVocab: z.number().int(),
  nAudioCtx: z.number().int(),
  nAudioState: z.number().int(),
  nAudioHead: z.number().int(),
  nAudioLayer: z.number().int(),
  nTextCtx: z.number().int(),
  nTextState: z.number().int(),
  nTextHead: z.number().int(),
  nTextLayer: z.number().int(),
  nMels: z.number().int(),
  ftype: z.number().int(),
});

export const ModelRecord = z.object({
  version: z.literal(1),
  /** Catalog id when the SHA-256 matched the catalog; null for an unknown file. */
  id: z.string().nullable(),
  /** The model's file name in the folder. */
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sha1: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  sizeBytes: z.number().int().nonnegative(),
  source: z.enum(['download', 'import']),
  /** Absolute path the file was imported from (e.g. on a USB drive). */
  importedFrom: z.string().optional(),
  /** Address it was downloaded from. */
  url: z.string().optional(),
  /** The SHA-256 matched the catalog entry `id`. */
  verified: z.boolean(),
  /** ISO 8601. */
  addedAt: z.string(),
  /** Dimensions from the header, or null if it could not be read. */
  header: HeaderSchema.nullable(),
});
export type ModelRecord = z.output<typeof ModelRecord>;

async function readRecord(modelFile: string): Promise<ModelRecord | null> {
  try {
    const parsed = ModelRecord.safeParse(JSON.parse(await fs.readFile(sidecarOf(modelFile), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function writeRecord(modelFile: string, record: ModelRecord): Promise<void> {
  await writeFileAtomic(sidecarOf(modelFile), `${JSON.stringify(record, null, 2)}\n`, { backup: false });
}

// ---------------------------------------------------------------------------------------------
// listing

/**
 * `verified`: SHA-256 matched the catalog at download/import, size unchanged since.
 * `unverified`: imported, hash not in the catalog (usable, with a warning).
 * `unchecked`: a ggml file put in the folder by hand, never hashed (usable; import it to check).
 * `damaged`: no readable header, or the size changed since it was recorded (not usable).
 */
export type ModelStatus = 'verified' | 'unverified' | 'unchecked' | 'damaged';

export type ModelWarningCode = 'HASH_NOT_IN_CATALOG' | 'ENGLISH_ONLY' | 'NOT_CHECKED' | 'DAMAGED';

/** Something the UI shows beside a model. */
export interface ModelWarning {
  code: ModelWarningCode;
  message: LocalizedText;
}

export const MODEL_WARNINGS: Record<ModelWarningCode, LocalizedText> = {
  HASH_NOT_IN_CATALOG: {
    id: 'Hash berkas ini tidak ada di katalog: pastikan berkas berasal dari sumber tepercaya.',
    en: 'This file’s hash is not in the catalog: make sure the file comes from a trusted source.',
  },
  ENGLISH_ONLY: {
    id: 'Model ini hanya untuk bahasa Inggris dan tidak dapat menulis bahasa Indonesia.',
    en: 'This model is English-only and cannot transcribe Indonesian.',
  },
  NOT_CHECKED: {
    id: 'Berkas ini disalin langsung ke folder model dan belum diperiksa; impor berkas ini untuk memeriksanya.',
    en: 'This file was copied into the models folder directly and has not been checked; import it to check it.',
  },
  DAMAGED: {
    id: 'Berkas model ini rusak atau berubah sejak dipasang: hapus lalu unduh atau impor kembali.',
    en: 'This model file is damaged or changed since it was installed: remove it and download or import it again.',
  },
};

const warning = (code: ModelWarningCode): ModelWarning => ({ code, message: MODEL_WARNINGS[code] });

export interface InstalledModel {
  /** The catalog id when verified, else `file:<file name>`. */
  id: string;
  file: string;
  path: string;
  sizeBytes: number;
  status: ModelStatus;
  /** Can be given to the engine. */
  usable: boolean;
  /** The catalog entry: verified, or (unchecked) same file name and exact size. */
  catalog: CatalogEntry | null;
  record: ModelRecord | null;
  header: ModelHeader | null;
  description: ModelDescription | null;
  /** Rank for choosing a default (higher is better). */
  quality: number;
  warnings: ModelWarning[];
}

export interface CatalogOption {
  /** Replaces the built-in catalog (tests; a catalog update shipped later). */
  catalog?: readonly CatalogEntry[];
}

async function describeInstalled(dir: string, file: string, catalog: readonly CatalogEntry[]): Promise<InstalledModel | null> {
  const full = path.join(dir, file);
  let st;
  try {
    st = await fs.stat(full);
  } catch {
    return null;
  }
  if (!st.isFile()) return null;
  const record = await readRecord(full);
  const header = record?.header ?? (await readHeader(full));
  const description = header ? describeHeader(header) : null;

  const recorded = record ? findCatalogEntry(record.id ?? '', catalog) : undefined;
  const verified = !!(
    record?.verified &&
    recorded &&
    (recorded.sha256 ? recorded.sha256 === record.sha256 : !!recorded.sha1 && recorded.sha1 === record.sha1)
  );
  let status: ModelStatus;
  if (!header || (record && record.sizeBytes !== st.size)) status = 'damaged';
  else if (record) status = verified ? 'verified' : 'unverified';
  else status = 'unchecked';

  let entry: CatalogEntry | null = null;
  if (status === 'verified') entry = recorded ?? null;
  else if (status === 'unchecked') entry = catalog.find((c) => c.file === file && c.sizeBytes === st.size) ?? null;

  const warnings: ModelWarning[] = [];
  if (status === 'damaged') warnings.push(warning('DAMAGED'));
  if (status === 'unverified') warnings.push(warning('HASH_NOT_IN_CATALOG'));
  if (status === 'unchecked') warnings.push(warning('NOT_CHECKED'));
  if (description?.englishOnly) warnings.push(warning('ENGLISH_ONLY'));

  let quality = entry?.quality ?? (description?.family && description.quantization ? qualityOf(description.family, description.quantization) : 0);
  if (description?.englishOnly) quality -= 100;
  if (status === 'unchecked' || status === 'unverified') quality -= 0.5; // a checked twin wins

  return {
    id: status === 'verified' && entry ? entry.id : `file:${file}`,
    file,
    path: full,
    sizeBytes: st.size,
    status,
    usable: status !== 'damaged',
    catalog: entry,
    record,
    header,
    description,
    quality,
    warnings,
  };
}

/** Every model file (`*.bin`) in the folder with its catalog entry and status, best first. */
export async function listModels(dir: string, options: CatalogOption = {}): Promise<InstalledModel[]> {
  const catalog = options.catalog ?? MODEL_CATALOG;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new RisalahError('FILE_UNREADABLE', `Cannot read the models folder "${dir}".`, { file: dir });
  }
  const models = await Promise.all(
    names.filter((n) => n.endsWith('.bin') && !n.startsWith('.')).map((n) => describeInstalled(dir, n, catalog)),
  );
  return models
    .filter((m): m is InstalledModel => m !== null)
    .sort((a, b) => b.quality - a.quality || a.file.localeCompare(b.file));
}

export interface DefaultModelOptions extends CatalogOption {
  /** The user's choice (Settings): a model id (`small-q8_0`, `file:…`) or file name. */
  preferredId?: string;
  /** Default RECOMMENDED_MODEL_ID (or `recommendFor(machine).id`). */
  recommendedId?: string;
}

function matches(m: InstalledModel, key: string): boolean {
  return m.id === key || m.file === key || m.catalog?.id === key;
}

/**
 * The model to transcribe with: the user's choice if it is installed and usable, else the
 * recommended model if installed, else the best installed one. MODEL_MISSING when there is none.
 */
export async function defaultModel(dir: string, options: DefaultModelOptions = {}): Promise<InstalledModel> {
  const usable = (await listModels(dir, options)).filter((m) => m.usable);
  const recommended = options.recommendedId ?? RECOMMENDED_MODEL_ID;
  const pick =
    (options.preferredId ? usable.find((m) => matches(m, options.preferredId as string)) : undefined) ??
    usable.find((m) => m.catalog?.id === recommended) ??
    usable[0];
  if (!pick) {
    throw new RisalahError(
      'MODEL_MISSING',
      `No Whisper model is installed in "${dir}": download or import a model in Settings › Models.`,
      { dir },
    );
  }
  return pick;
}

/** Delete an installed model (by id, `file:` id or file name) and its sidecar. NOT_FOUND if absent. */
export async function removeModel(dir: string, idOrFile: string, options: CatalogOption = {}): Promise<void> {
  const model = (await listModels(dir, options)).find((m) => matches(m, idOrFile));
  if (!model) throw new RisalahError('NOT_FOUND', `No installed model "${idOrFile}" in "${dir}".`, { id: idOrFile });
  await fs.rm(sidecarOf(model.path), { force: true });
  await fs.rm(model.path, { force: true });
  await syncDir(dir);
}

// ---------------------------------------------------------------------------------------------
// hashing and copying

interface Digests {
  sha256: string;
  sha1: string;
  sizeBytes: number;
}

/** Progress of a long operation: bytes done of total. */
export type ProgressFn = (bytes: number, total: number) => void;

export interface TransferOptions {
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** Minimum time between two progress calls (the first and last are always sent). Default 250 ms. */
  progressIntervalMs?: number;
}

function throttle(onProgress: ProgressFn | undefined, intervalMs: number): (bytes: number, total: number, force?: boolean) => void {
  let last = -Infinity;
  return (bytes, total, force = false) => {
    if (!onProgress) return;
    const now = performance.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    onProgress(bytes, total);
  };
}

const cancelled = (what: string): RisalahError => new RisalahError('CANCELLED', `${what} was cancelled.`);

/** SHA-256 + SHA-1 of a file, optionally copying it to `copyTo` (created, fsynced). */
async function digestFile(source: string, copyTo: string | null, options: TransferOptions): Promise<Digests> {
  const total = (await fs.stat(source)).size;
  const progress = throttle(options.onProgress, options.progressIntervalMs ?? 250);
  const h256 = createHash('sha256');
  const h1 = createHash('sha1');
  const out = copyTo ? await fs.open(copyTo, 'wx', 0o644) : null;
  let done = 0;
  try {
    progress(0, total, true);
    const stream = createReadStream(source, { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (options.signal?.aborted) throw cancelled('The import');
        h256.update(chunk);
        h1.update(chunk);
        if (out) await writeAll(out, chunk, done);
        done += chunk.length;
        progress(done, total);
      }
    } catch (e) {
      stream.destroy();
      if (e instanceof RisalahError) throw e;
      throw writeOrRead(e, source);
    }
    if (out) await out.sync();
    progress(done, total, true);
  } finally {
    await out?.close();
  }
  return { sha256: h256.digest('hex'), sha1: h1.digest('hex'), sizeBytes: done };
}

async function writeAll(fh: fs.FileHandle, chunk: Uint8Array, position: number): Promise<void> {
  let off = 0;
  while (off < chunk.length) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.length - off, position + off);
    off += bytesWritten;
  }
}

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

function diskFull(e: unknown): boolean {
  return DISK_FULL.has((e as NodeJS.ErrnoException).code ?? '');
}

function writeOrRead(e: unknown, source: string): RisalahError {
  if (diskFull(e)) {
    return new RisalahError(INTERIM_CODES['disk-full'], 'The disk is full: free some space and try again.', {
      reason: 'disk-full',
      file: path.basename(source),
    });
  }
  return unreadable(source, e);
}

// ---------------------------------------------------------------------------------------------
// import

export interface ImportOptions extends TransferOptions, CatalogOption {
  /** The file's name for the user (an upload arrives under a temporary name). */
  originalName?: string;
}

export interface ImportResult {
  model: InstalledModel;
  /** The same file (same SHA-256) was already installed: nothing was copied. */
  alreadyInstalled: boolean;
  /** What the UI should show (e.g. HASH_NOT_IN_CATALOG for an unknown file). */
  warnings: ModelWarning[];
}

type CatalogMatch = { kind: 'verified'; entry: CatalogEntry } | { kind: 'mismatch'; entry: CatalogEntry } | { kind: 'unknown' };

/**
 * Verified when a catalog hash matches (SHA-256; SHA-1 only for entries without one). A file of
 * exactly a catalog entry's size and architecture whose hash differs is that model, altered or
 * damaged: refused.
 */
function matchCatalog(d: Digests, description: ModelDescription, catalog: readonly CatalogEntry[]): CatalogMatch {
  const hit = catalog.find((c) => (c.sha256 ? c.sha256 === d.sha256 : c.sha1 === d.sha1));
  if (hit) return { kind: 'verified', entry: hit };
  const twin = catalog.find(
    (c) => c.sizeBytes === d.sizeBytes && c.family === description.family && c.quantization === description.quantization && (c.sha256 || c.sha1),
  );
  return twin ? { kind: 'mismatch', entry: twin } : { kind: 'unknown' };
}

function safeFileName(name: string): string {
  let base = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 100);
  if (!base) base = 'model';
  return base.endsWith('.bin') ? base : `${base}.bin`;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Import a model file (e.g. from a USB drive) into the models folder.
 *
 * The file is inspected first (MODEL_INVALID for anything whisper.cpp would not load, before a
 * byte is copied), then streamed once through SHA-256/SHA-1 into a `.part` file beside its final
 * place, fsynced and renamed. A hash in the catalog → `verified` under the catalog's file name;
 * a catalog-size file of that architecture with another hash → refused (altered or damaged);
 * anything else → installed `unverified` with a HASH_NOT_IN_CATALOG warning. Importing a model
 * that is already there (same SHA-256) copies nothing. Importing a file that sits in the folder
 * unchecked records it in place.
 */
export async function importModel(dir: string, sourcePath: string, options: ImportOptions = {}): Promise<ImportResult> {
  const catalog = options.catalog ?? MODEL_CATALOG;
  const source = path.resolve(sourcePath);
  if (options.signal?.aborted) throw cancelled('The import');
  const inspection = await inspectModelFile(source, catalog);
  await mkdirDurable(dir);

  const refuse = (entry: CatalogEntry): RisalahError =>
    invalid(source, 'hash-mismatch', `it has the size of ${entry.id} but not its hash (altered or damaged copy)`, { expected: entry.id });
  const finish = (model: InstalledModel, alreadyInstalled: boolean): ImportResult => ({
    model,
    alreadyInstalled,
    warnings: model.warnings,
  });

  // Same file already installed? Only a model of the same size can be; hash before copying.
  const installed = await listModels(dir, { catalog });
  let digests: Digests | null = null;
  const sameSize = installed.filter((m) => m.sizeBytes === inspection.sizeBytes);
  if (sameSize.length) {
    digests = await digestFile(source, null, options);
    for (const m of sameSize) {
      const theirs = m.record?.sha256 ?? (m.status === 'unchecked' ? (await digestFile(m.path, null, {})).sha256 : null);
      if (theirs !== digests.sha256) continue;
      if (m.record) return finish(m, true);
      // An unchecked file in the folder (e.g. this very file): record it where it is.
      const match = matchCatalog(digests, inspection.description, catalog);
      if (match.kind === 'mismatch') throw refuse(match.entry);
      await writeRecord(m.path, newRecord(m.file, digests, inspection, match, source));
      await syncDir(dir);
      const model = await describeInstalled(dir, m.file, catalog);
      if (!model) throw unreadable(m.path, new Error('vanished'));
      return finish(model, true);
    }
    const match = matchCatalog(digests, inspection.description, catalog);
    if (match.kind === 'mismatch') throw refuse(match.entry);
  }

  const part = path.join(dir, `.import-${randomBytes(6).toString('hex')}.part`);
  try {
    const copied = await digestFile(source, part, options);
    if (digests && digests.sha256 !== copied.sha256) {
      throw unreadable(source, Object.assign(new Error('the file changed while it was read'), { code: 'ECHANGED' }));
    }
    digests = copied;
    const match = matchCatalog(digests, inspection.description, catalog);
    if (match.kind === 'mismatch') throw refuse(match.entry);

    const given = safeFileName(path.basename(options.originalName ?? source));
    let file = match.kind === 'verified' ? match.entry.file : given.endsWith('.bin') ? given : `${given}.bin`;
    if (match.kind !== 'verified' && (catalog.some((c) => c.file === file) || (await exists(path.join(dir, file))))) {
      file = `${file.slice(0, -'.bin'.length)}-${digests.sha256.slice(0, 8)}.bin`;
    }
    const target = path.join(dir, file);
    // Sidecar first: a crash between the two leaves an orphan sidecar, which listing ignores.
    await writeRecord(target, newRecord(file, digests, inspection, match, options.originalName ?? source));
    await fs.rename(part, target);
    await syncDir(dir);
    const model = await describeInstalled(dir, file, catalog);
    if (!model) throw unreadable(target, new Error('vanished'));
    return finish(model, false);
  } finally {
    await fs.rm(part, { force: true });
  }
}

function newRecord(file: string, d: Digests, inspection: ModelInspection, match: CatalogMatch, source: string): ModelRecord {
  return {
    version: 1,
    id: match.kind === 'verified' ? match.entry.id : null,
    file,
    sha256: d.sha256,
    sha1: d.sha1,
    sizeBytes: d.sizeBytes,
    source: 'import',
    importedFrom: source,
    verified: match.kind === 'verified',
    addedAt: new Date().toISOString(),
    header: inspection.header,
  };
}

// ---------------------------------------------------------------------------------------------
// download

/** Why a download failed (`params.reason`). */
export type DownloadFailureReason = 'offline' | 'http' | 'network' | 'disk-full' | 'hash-mismatch' | 'size-mismatch';

/** The contract's error code for each way a download fails. */
export const INTERIM_CODES: Record<DownloadFailureReason, ErrorCode> = {
  offline: 'MODEL_DOWNLOAD_OFFLINE',
  http: 'MODEL_DOWNLOAD_FAILED',
  network: 'MODEL_DOWNLOAD_FAILED',
  'disk-full': 'DISK_FULL',
  'hash-mismatch': 'MODEL_HASH_MISMATCH',
  'size-mismatch': 'MODEL_HASH_MISMATCH',
};

export interface DownloadOptions extends TransferOptions, CatalogOption {
  /** Default: global fetch. */
  fetchImpl?: typeof fetch;
  /** Replaces `https://huggingface.co/ggerganov/whisper.cpp/resolve/main` (a mirror, a test server). */
  baseUrl?: string;
  /** Resumed attempts after an interrupted transfer, a stall or an HTTP 5xx. Default 3. */
  retries?: number;
  /** Wait before a retry, times the attempt number. Default 2000 ms. */
  retryDelayMs?: number;
  /** Abort an attempt (and resume) when no byte arrives for this long. Default 60 s. */
  stallTimeoutMs?: number;
}

export interface DownloadResult {
  model: InstalledModel;
  /** The verified model was already installed: nothing was downloaded. */
  alreadyInstalled: boolean;
  /** Bytes of an earlier `.part` that were kept (0 for a fresh download). */
  resumedFrom: number;
}

/** A failed attempt: `retry` when resuming may help. */
class AttemptFailure extends Error {
  constructor(
    readonly reason: DownloadFailureReason,
    readonly retry: boolean,
    message: string,
    readonly extra: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The errno-style code of a fetch failure (`TypeError: fetch failed` with a cause chain). */
function causeCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (cur as { errors?: unknown[] }).errors; // AggregateError (happy eyeballs)
    if (Array.isArray(errors) && errors.length) cur = errors[0];
    else cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

const activeDownloads = new Set<string>();

/** `.part` files of catalog models: downloads that can be resumed. */
export async function listPartialDownloads(dir: string, options: CatalogOption = {}): Promise<{ id: string; bytes: number; total: number }[]> {
  const out: { id: string; bytes: number; total: number }[] = [];
  for (const entry of options.catalog ?? MODEL_CATALOG) {
    const st = await fs.stat(path.join(dir, `${entry.file}.part`)).catch(() => null);
    if (st?.isFile()) out.push({ id: entry.id, bytes: st.size, total: entry.sizeBytes });
  }
  return out;
}

/** Forget a cancelled or failed download (its `.part`). */
export async function discardPartialDownload(dir: string, id: string, options: CatalogOption = {}): Promise<void> {
  const entry = findCatalogEntry(id, options.catalog ?? MODEL_CATALOG);
  if (!entry) throw new RisalahError('NOT_FOUND', `"${id}" is not in the model catalog.`, { id });
  await fs.rm(path.join(dir, `${entry.file}.part`), { force: true });
}

/**
 * Download catalog model `id` into the folder: stream to `<file>.part` (resuming an existing one
 * with `Range`; starting over when the server answers 200), follow redirects, verify the SHA-256
 * at the end (mismatch: the `.part` is deleted, nothing installed), fsync, write the sidecar and
 * rename. Interrupted transfers and stalls resume automatically (`retries`); cancel (`signal`)
 * and failures keep the `.part` for a later call, except a hash or size mismatch.
 */
export async function downloadModel(dir: string, id: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const catalog = options.catalog ?? MODEL_CATALOG;
  const entry = findCatalogEntry(id, catalog);
  if (!entry) throw new RisalahError('NOT_FOUND', `"${id}" is not in the model catalog.`, { id });
  if (!entry.sha256 && !entry.sha1) {
    throw new RisalahError('INVALID_INPUT', `"${id}" has no published hash: it cannot be downloaded safely.`, { id });
  }
  if (options.signal?.aborted) throw cancelled('The download');

  const already = (await listModels(dir, { catalog })).find((m) => m.status === 'verified' && m.catalog?.id === entry.id);
  if (already) return { model: already, alreadyInstalled: true, resumedFrom: 0 };

  await mkdirDurable(dir);
  const target = path.join(dir, entry.file);
  const part = `${target}.part`;
  if (activeDownloads.has(part)) {
    throw new RisalahError('CONFLICT', `"${id}" is already being downloaded.`, { id, reason: 'download-in-progress' });
  }
  activeDownloads.add(part);
  try {
    const url = options.baseUrl ? `${options.baseUrl.replace(/\/+$/, '')}/${entry.file}` : entry.url;
    const resumedFrom = (await fs.stat(part).catch(() => null))?.size ?? 0;
    const digests = await fetchToPart(entry, url, part, options);

    const good = entry.sha256 ? digests.sha256 === entry.sha256 : digests.sha1 === entry.sha1;
    if (!good) {
      await fs.rm(part, { force: true });
      throw new RisalahError(
        INTERIM_CODES['hash-mismatch'],
        `The downloaded "${entry.file}" does not match its catalog hash: it was deleted.`,
        { reason: 'hash-mismatch', file: entry.file, model: entry.id, url },
      );
    }
    const record: ModelRecord = {
      version: 1,
      id: entry.id,
      file: entry.file,
      sha256: digests.sha256,
      sha1: digests.sha1,
      sizeBytes: digests.sizeBytes,
      source: 'download',
      url,
      verified: true,
      addedAt: new Date().toISOString(),
      header: await readHeader(part),
    };
    await writeRecord(target, record);
    await fs.rename(part, target);
    await syncDir(dir);
    const model = await describeInstalled(dir, entry.file, catalog);
    if (!model) throw unreadable(target, new Error('vanished'));
    return { model, alreadyInstalled: false, resumedFrom: Math.min(resumedFrom, entry.sizeBytes) };
  } finally {
    activeDownloads.delete(part);
  }
}

/** Hash state that follows the `.part` file across attempts. */
class PartHasher {
  private h256: Hash = createHash('sha256');
  private h1: Hash = createHash('sha1');
  bytes = 0;

  /** Make the state cover exactly the first `offset` bytes of `part` (re-reading it if needed). */
  async sync(part: string, offset: number): Promise<void> {
    if (this.bytes === offset) return;
    this.h256 = createHash('sha256');
    this.h1 = createHash('sha1');
    this.bytes = 0;
    if (offset === 0) return;
    const stream = createReadStream(part, { start: 0, end: offset - 1, highWaterMark: 1 << 20 });
    for await (const chunk of stream as AsyncIterable<Buffer>) this.update(chunk);
  }

  update(chunk: Uint8Array): void {
    this.h256.update(chunk);
    this.h1.update(chunk);
    this.bytes += chunk.length;
  }

  digest(): Digests {
    return { sha256: this.h256.digest('hex'), sha1: this.h1.digest('hex'), sizeBytes: this.bytes };
  }
}

async function fetchToPart(entry: CatalogEntry, url: string, part: string, options: DownloadOptions): Promise<Digests> {
  const retries = options.retries ?? 3;
  const progress = throttle(options.onProgress, options.progressIntervalMs ?? 250);
  const hasher = new PartHasher();
  for (let attempt = 0; ; attempt++) {
    let offset = (await fs.stat(part).catch(() => null))?.size ?? 0;
    if (offset > entry.sizeBytes) {
      await fs.rm(part, { force: true });
      offset = 0;
    }
    try {
      await hasher.sync(part, offset);
      if (offset < entry.sizeBytes) await transfer(entry, url, part, offset, hasher, progress, options);
      if (hasher.bytes !== entry.sizeBytes) throw new AttemptFailure('network', true, 'The connection ended before the whole file arrived.');
      progress(entry.sizeBytes, entry.sizeBytes, true);
      return hasher.digest();
    } catch (e) {
      if (options.signal?.aborted) throw cancelled('The download');
      if (!(e instanceof AttemptFailure)) throw e;
      if (e.reason === 'size-mismatch') await fs.rm(part, { force: true });
      if (e.retry && attempt < retries) {
        try {
          await delay((options.retryDelayMs ?? 2000) * (attempt + 1), undefined, { signal: options.signal });
        } catch {
          throw cancelled('The download');
        }
        continue;
      }
      throw new RisalahError(INTERIM_CODES[e.reason], e.message, {
        reason: e.reason,
        file: entry.file,
        model: entry.id,
        url,
        ...e.extra,
      });
    }
  }
}

/** Content-Range: `bytes <start>-<end>/<total>`. */
function parseContentRange(value: string | null): { start: number; total: number | null } | null {
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value?.trim() ?? '');
  if (!m) return null;
  return { start: Number(m[1]), total: m[3] === '*' ? null : Number(m[3]) };
}

/** One HTTP request: append what arrives to the `.part`. Throws AttemptFailure on failure. */
async function transfer(
  entry: CatalogEntry,
  url: string,
  part: string,
  offset: number,
  hasher: PartHasher,
  progress: (bytes: number, total: number, force?: boolean) => void,
  options: DownloadOptions,
): Promise<void> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const total = entry.sizeBytes;
  const stall = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      stall.abort();
    }, options.stallTimeoutMs ?? 60_000);
  };

  const headers: Record<string, string> = { 'Accept-Encoding': 'identity' };
  if (offset > 0) headers.Range = `bytes=${offset}-`;
  arm();
  let res: Response;
  try {
    res = await fetchImpl(url, { headers, signal, redirect: 'follow' });
  } catch (e) {
    clearTimeout(timer);
    if (options.signal?.aborted) throw cancelled('The download');
    if (stalled) throw new AttemptFailure('network', true, `No answer from ${url}.`);
    const code = causeCode(e) ?? 'unknown';
    if (OFFLINE_CODES.has(code)) {
      throw new AttemptFailure('offline', false, `Cannot reach ${new URL(url).host}: no internet connection? (${code})`, { cause: code });
    }
    throw new AttemptFailure('network', true, `The download of ${entry.file} failed (${code}).`, { cause: code });
  }

  const discardBody = (): void => {
    res.body?.cancel().catch(() => undefined);
  };
  let start: number;
  if (res.status === 206 && offset > 0) {
    const range = parseContentRange(res.headers.get('content-range'));
    if (!range || range.start !== offset) {
      clearTimeout(timer);
      discardBody();
      await fs.rm(part, { force: true });
      throw new AttemptFailure('network', true, 'The server answered a different range: starting over.');
    }
    if (range.total !== null && range.total !== total) {
      clearTimeout(timer);
      discardBody();
      throw new AttemptFailure('size-mismatch', false, `The server's ${entry.file} has ${range.total} bytes, the catalog says ${total}.`, {
        bytes: range.total,
        expectedBytes: total,
      });
    }
    start = offset;
  } else if (res.status === 200 || res.status === 206) {
    start = 0; // Range ignored (or none asked): the whole file comes again.
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (res.status === 200 && Number.isFinite(length) && length !== total) {
      clearTimeout(timer);
      discardBody();
      throw new AttemptFailure('size-mismatch', false, `The server's ${entry.file} has ${length} bytes, the catalog says ${total}.`, {
        bytes: length,
        expectedBytes: total,
      });
    }
  } else if (res.status === 416) {
    clearTimeout(timer);
    discardBody();
    await fs.rm(part, { force: true });
    throw new AttemptFailure('network', true, 'The server refused to resume: starting over.');
  } else {
    clearTimeout(timer);
    discardBody();
    throw new AttemptFailure('http', res.status >= 500 || res.status === 429, `The server answered HTTP ${res.status} for ${url}.`, {
      status: res.status,
    });
  }
  if (!res.body) {
    clearTimeout(timer);
    throw new AttemptFailure('network', true, 'The server sent no data.');
  }

  await hasher.sync(part, start);
  const fh = await fs.open(part, start > 0 ? 'r+' : 'w');
  let position = start;
  const reader = res.body.getReader();
  try {
    if (start > 0) await fh.truncate(start);
    progress(position, total, true);
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (options.signal?.aborted) throw cancelled('The download');
        if (stalled) throw new AttemptFailure('network', true, `The download of ${entry.file} stalled.`);
        throw new AttemptFailure('network', true, `The connection broke during the download of ${entry.file} (${causeCode(e) ?? 'closed'}).`);
      }
      if (chunk.done) break;
      arm();
      const value = chunk.value;
      if (position + value.length > total) {
        throw new AttemptFailure('size-mismatch', false, `The server sent more than the ${total} bytes of ${entry.file}.`, {
          expectedBytes: total,
        });
      }
      try {
        await writeAll(fh, value, position);
      } catch (e) {
        if (diskFull(e)) throw new AttemptFailure('disk-full', false, 'The disk is full: free some space and resume the download.');
        throw e;
      }
      hasher.update(value);
      position += value.length;
      progress(position, total);
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
    discardBody();
    await fh.sync().catch(() => undefined);
    await fh.close();
  }
}
