/**
 * The model manager against generated files and a local HTTP server of the test's own
 * (127.0.0.1, Range support, scripted failures). No real Whisper weights exist here and none is
 * ever downloaded: every model is made by the test (a small structurally valid ggml file) or by
 * scripts/make-test-model.mjs (random-weight tiny), and catalog entries for them are injected.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RisalahError } from '../../../main/core/errors';
import {
  GGML_MAGIC,
  defaultModel,
  describeHeader,
  downloadModel,
  expectedTensorCount,
  importModel,
  inspectModelFile,
  listModels,
  listPartialDownloads,
  modelsDir,
  parseModelHeader,
  removeModel,
  type ModelRecord,
} from '../../../main/core/transcription/models';
import {
  MODEL_CATALOG,
  RECOMMENDED_MODEL_ID,
  findCatalogEntry,
  recommendFor,
  type CatalogEntry,
} from '../../../main/core/transcription/models-catalog';
import { testModel } from '../../helpers/engine';
import { tempDir } from '../../helpers/tmp';

const tmp = tempDir('risalah-models-');
let n = 0;
/** A fresh empty folder per use. */
async function freshDir(name = 'd'): Promise<string> {
  const dir = path.join(tmp.dir, `${name}-${++n}`);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}
afterAll(() => tmp.cleanup());

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function rejection(p: Promise<unknown>): Promise<RisalahError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RisalahError);
    return e as RisalahError;
  }
  throw new Error('expected the promise to reject');
}

async function ls(dir: string): Promise<string[]> {
  return (await fs.readdir(dir).catch(() => [] as string[])).sort();
}

// ---------------------------------------------------------------------------------------------
// a small, structurally valid whisper.cpp ggml model (every tensor whisper.cpp expects)

interface GgmlOptions {
  state?: number;
  audioLayers?: number;
  textLayers?: number;
  vocab?: number;
  mels?: number;
  ftype?: number;
  seed?: number;
}

function makeGgml(o: GgmlOptions = {}): Buffer {
  const state = o.state ?? 16;
  const audioLayers = o.audioLayers ?? 1;
  const textLayers = o.textLayers ?? 1;
  const vocab = o.vocab ?? 51865; // multilingual; the token embedding makes the file ~1.7 MB
  const mels = o.mels ?? 4;
  const audioCtx = 8;
  const textCtx = 8;
  const seed = o.seed ?? 1;
  const parts: Buffer[] = [];
  const i32 = (...v: number[]): void => {
    const b = Buffer.alloc(4 * v.length);
    v.forEach((x, k) => b.writeInt32LE(x, 4 * k));
    parts.push(b);
  };
  const u32 = (v: number): void => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    parts.push(b);
  };
  u32(GGML_MAGIC);
  i32(vocab, audioCtx, state, 2, audioLayers, textCtx, state, 2, textLayers, mels, o.ftype ?? 1);
  i32(mels, 2); // mel filters: n_mel × n_fft floats
  parts.push(Buffer.alloc(mels * 2 * 4));
  const tokens = ['a', 'b', 'halo'];
  i32(tokens.length);
  for (const t of tokens) {
    u32(Buffer.byteLength(t));
    parts.push(Buffer.from(t));
  }
  let k = 0;
  const tensor = (name: string, type: 0 | 1, ...ne: number[]): void => {
    i32(ne.length, Buffer.byteLength(name), type, ...ne);
    parts.push(Buffer.from(name));
    const bytes = ne.reduce((a, b) => a * b, 1) * (type === 0 ? 4 : 2);
    const data = Buffer.alloc(bytes);
    for (let j = 0; j < bytes; j++) data[j] = (j * 131 + seed * 7 + k * 13) & 0xff;
    k++;
    parts.push(data);
  };
  const F32 = 0;
  const F16 = 1;
  const layer = (pfx: string, cross: boolean): void => {
    tensor(`${pfx}.mlp_ln.weight`, F32, state);
    tensor(`${pfx}.mlp_ln.bias`, F32, state);
    tensor(`${pfx}.mlp.0.weight`, F16, state, 4 * state);
    tensor(`${pfx}.mlp.0.bias`, F32, 4 * state);
    tensor(`${pfx}.mlp.2.weight`, F16, 4 * state, state);
    tensor(`${pfx}.mlp.2.bias`, F32, state);
    for (const a of cross ? ['attn', 'cross_attn'] : ['attn']) {
      tensor(`${pfx}.${a}_ln.weight`, F32, state);
      tensor(`${pfx}.${a}_ln.bias`, F32, state);
      tensor(`${pfx}.${a}.query.weight`, F16, state, state);
      tensor(`${pfx}.${a}.query.bias`, F32, state);
      tensor(`${pfx}.${a}.key.weight`, F16, state, state);
      tensor(`${pfx}.${a}.value.weight`, F16, state, state);
      tensor(`${pfx}.${a}.value.bias`, F32, state);
      tensor(`${pfx}.${a}.out.weight`, F16, state, state);
      tensor(`${pfx}.${a}.out.bias`, F32, state);
    }
  };
  tensor('encoder.positional_embedding', F32, state, audioCtx);
  tensor('encoder.conv1.weight', F16, 3, mels, state);
  tensor('encoder.conv1.bias', F32, 1, state);
  tensor('encoder.conv2.weight', F16, 3, state, state);
  tensor('encoder.conv2.bias', F32, 1, state);
  tensor('encoder.ln_post.weight', F32, state);
  tensor('encoder.ln_post.bias', F32, state);
  for (let l = 0; l < audioLayers; l++) layer(`encoder.blocks.${l}`, false);
  tensor('decoder.positional_embedding', F32, state, textCtx);
  tensor('decoder.token_embedding.weight', F16, state, vocab);
  tensor('decoder.ln.weight', F32, state);
  tensor('decoder.ln.bias', F32, state);
  for (let l = 0; l < textLayers; l++) layer(`decoder.blocks.${l}`, true);
  return Buffer.concat(parts);
}

async function writeFile(name: string, data: Uint8Array): Promise<string> {
  const dir = await freshDir('src');
  const file = path.join(dir, name);
  await fs.writeFile(file, data);
  return file;
}

function entryFor(data: Uint8Array, id = 'test', over: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id,
    file: `ggml-${id}.bin`,
    family: 'tiny',
    quantization: 'f16',
    sizeBytes: data.length,
    ramMB: 10,
    ramSource: 'estimate',
    sha256: sha256(data),
    hashSource: 'generated by the test',
    url: `http://127.0.0.1:9/ggml-${id}.bin`,
    multilingual: true,
    quality: 5,
    cpuCost: 1,
    speedNote: { id: 'uji', en: 'test' },
    ...over,
  };
}

// ---------------------------------------------------------------------------------------------
// the local server

interface Served {
  status?: number;
  ignoreRange?: boolean;
  /** Destroy the socket after this many body bytes, for the first `breaks` requests. */
  breakAfter?: number;
  breaks?: number;
  /** Stop sending (but keep the socket open) after this many bytes. */
  hangAfter?: number;
  chunk?: number;
  chunkDelayMs?: number;
}

interface Server {
  base: string;
  requests: { url: string; range: string | undefined }[];
  /** path → what to serve; a string value redirects there (302). */
  routes: Map<string, { data: Buffer; opts: Served; count: number } | string>;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const routes: Server['routes'] = new Map();
  const requests: Server['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push({ url, range: req.headers.range });
    const route = routes.get(url);
    if (route === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    if (typeof route === 'string') {
      res.writeHead(302, { Location: route }).end();
      return;
    }
    const { data, opts } = route;
    const count = ++route.count;
    if (opts.status && opts.status !== 200) {
      res.writeHead(opts.status).end('error');
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (m && !opts.ignoreRange) {
      start = Number(m[1]);
      if (start >= data.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${data.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': data.length - start,
        'Content-Range': `bytes ${start}-${data.length - 1}/${data.length}`,
        'Accept-Ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length, 'Accept-Ranges': 'bytes' });
    }
    const chunk = opts.chunk ?? 64 * 1024;
    const breakAt = opts.breakAfter !== undefined && count <= (opts.breaks ?? 1) ? opts.breakAfter : Infinity;
    let pos = start;
    let sent = 0;
    const pump = (): void => {
      if (res.destroyed) return;
      if (sent >= breakAt) {
        res.socket?.destroy();
        return;
      }
      if (opts.hangAfter !== undefined && sent >= opts.hangAfter) return; // keep the socket, send nothing
      if (pos >= data.length) {
        res.end();
        return;
      }
      const n = Math.min(chunk, data.length - pos, breakAt - sent, (opts.hangAfter ?? Infinity) - sent);
      res.write(data.subarray(pos, pos + n));
      pos += n;
      sent += n;
      setTimeout(pump, opts.chunkDelayMs ?? 0);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------

describe('catalog', () => {
  it('has one well-formed, multilingual entry per published file, each with its hash source', () => {
    const ids = new Set<string>();
    const hashes = new Set<string>();
    for (const e of MODEL_CATALOG) {
      expect(ids.has(e.id), e.id).toBe(false);
      ids.add(e.id);
      expect(e.file).toBe(`ggml-${e.id}.bin`);
      expect(e.url).toBe(`https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-${e.id}.bin`);
      expect(e.id.includes('.en')).toBe(false);
      expect(e.multilingual).toBe(true);
      expect(e.sha256, e.id).toMatch(/^[0-9a-f]{64}$/);
      expect(e.sha1, e.id).toMatch(/^[0-9a-f]{40}$/);
      expect(hashes.has(e.sha256 as string), e.id).toBe(false);
      hashes.add(e.sha256 as string);
      expect(e.hashSource).toContain('hf-api');
      expect(Number.isSafeInteger(e.sizeBytes) && e.sizeBytes > 30_000_000).toBe(true);
      expect(e.ramMB).toBeGreaterThan(e.sizeBytes / 1e6);
      expect(e.speedNote.id && e.speedNote.en).toBeTruthy();
    }
    expect(MODEL_CATALOG.map((e) => e.id)).toEqual(
      expect.arrayContaining(['tiny', 'base', 'small', 'small-q5_1', 'small-q8_0', 'medium', 'large-v1', 'large-v2', 'large-v3', 'large-v3-turbo', 'large-v3-turbo-q5_0', 'large-v3-turbo-q8_0']),
    );
    // Spot checks against the whisper.cpp README figures.
    expect(findCatalogEntry('tiny')).toMatchObject({ ramMB: 273, ramSource: 'whisper.cpp', sha1: 'bd577a113a864445d4c299885e0cb97d4ba92b5f' });
    expect(findCatalogEntry('large-v3-turbo-q5_0')).toMatchObject({ sizeBytes: 574_041_195, sha1: 'e050f7970618a659205450ad97eb95a18d69c9ee' });
  });

  it('recommends by RAM and cores, small-q8_0 for a 2-core / 8 GB laptop', () => {
    expect(findCatalogEntry(RECOMMENDED_MODEL_ID)).toBeDefined();
    expect(recommendFor({ totalRamMB: 8192, cores: 2 }).id).toBe(RECOMMENDED_MODEL_ID);
    expect(recommendFor({ totalRamMB: 8192, cores: 4 }).id).toBe('small-q8_0');
    expect(recommendFor({ totalRamMB: 16384, cores: 8 }).id).toBe('large-v3-turbo-q5_0');
    expect(recommendFor({ totalRamMB: 4096, cores: 16 }).id).toBe('small-q8_0');
    expect(recommendFor({ totalRamMB: 2048, cores: 2 }).id).toBe('base-q8_0');
    expect(recommendFor({ totalRamMB: 512, cores: 1 }).id).toBe('tiny-q8_0');
    const r = recommendFor({ totalRamMB: 8192, cores: 2 });
    expect(r.reason.id).toMatch(/small/);
    expect(r.reason.en).toMatch(/small/);
    expect(r.entry.ramMB).toBeLessThan(8192 / 4);
  });
});

describe('ggml header and file check', () => {
  it('reads the header and the whole layout of a generated tiny model', async () => {
    const tiny = await testModel('tiny');
    const info = await inspectModelFile(tiny);
    expect(info.header).toMatchObject({ nAudioLayer: 4, nAudioState: 384, nTextLayer: 4, nMels: 80, nVocab: 51865 });
    expect(info.tensors).toBe(expectedTensorCount(info.header));
    expect(info.description).toMatchObject({ family: 'tiny', quantization: 'f16', multilingual: true, englishOnly: false });
  });

  it('recognises sizes, quantization and English-only models from the dimensions', () => {
    const h = { nVocab: 51866, nAudioCtx: 1500, nAudioState: 1280, nAudioHead: 20, nAudioLayer: 32, nTextCtx: 448, nTextState: 1280, nTextHead: 20, nTextLayer: 4, nMels: 128, ftype: 1008 };
    expect(describeHeader(h)).toMatchObject({ family: 'large-v3-turbo', quantization: 'q5_0', multilingual: true });
    expect(describeHeader({ ...h, nTextLayer: 32 }).family).toBe('large-v3');
    expect(describeHeader({ ...h, nMels: 80, nTextLayer: 32, nVocab: 51865, ftype: 1 }).family).toBe('large');
    expect(describeHeader({ ...h, nAudioState: 768, nTextState: 768, nAudioLayer: 12, nTextLayer: 12, nMels: 80, nVocab: 51864, ftype: 2007 })).toMatchObject({
      family: 'small',
      quantization: 'q8_0',
      englishOnly: true,
      multilingual: false,
      label: 'small.en (q8_0)',
    });
    expect(describeHeader({ ...h, nAudioLayer: 7 }).family).toBeNull();
  });

  it('tells apart empty files, other formats and impossible headers', () => {
    expect(parseModelHeader(new Uint8Array())).toEqual({ ok: false, reason: 'empty' });
    expect(parseModelHeader(Buffer.from('GGUF\x03\x00\x00\x00'))).toEqual({ ok: false, reason: 'gguf' });
    expect(parseModelHeader(Buffer.from('PK\x03\x04 pytorch zip'))).toEqual({ ok: false, reason: 'not-ggml' });
    expect(parseModelHeader(makeGgml().subarray(0, 20))).toEqual({ ok: false, reason: 'truncated' });
    const bad = Buffer.from(makeGgml().subarray(0, 48));
    bad.writeInt32LE(-5, 4);
    expect(parseModelHeader(bad)).toEqual({ ok: false, reason: 'bad-header' });
    expect(parseModelHeader(makeGgml().subarray(0, 48)).ok).toBe(true);
  });
});

describe('import', () => {
  it('imports a valid model whose hash is unknown: unverified, with a warning, described from its header', async () => {
    const dir = await freshDir();
    const src = await writeFile('model-dari-usb.bin', makeGgml({ seed: 11 }));
    const progress: number[] = [];
    const r = await importModel(dir, src, { onProgress: (b) => progress.push(b), progressIntervalMs: 0 });
    expect(r.alreadyInstalled).toBe(false);
    expect(r.model).toMatchObject({ file: 'model-dari-usb.bin', status: 'unverified', usable: true, catalog: null, id: 'file:model-dari-usb.bin' });
    expect(r.warnings.map((w) => w.code)).toEqual(['HASH_NOT_IN_CATALOG']);
    expect(r.warnings[0]?.message.en).toMatch(/trusted source/);
    expect(r.warnings[0]?.message.id).toMatch(/sumber tepercaya/);
    expect(r.model.description?.family).toBeNull();
    expect(progress.at(-1)).toBe((await fs.stat(src)).size);
    const record = JSON.parse(await fs.readFile(path.join(dir, 'model-dari-usb.bin.json'), 'utf8')) as ModelRecord;
    expect(record).toMatchObject({ id: null, verified: false, source: 'import', importedFrom: src, sha256: sha256(await fs.readFile(src)) });
    expect(record.header?.nAudioState).toBe(16);
    expect(await ls(dir)).toEqual(['model-dari-usb.bin', 'model-dari-usb.bin.json']);
  });

  it('describes a real-sized model it does not know (random-weight tiny) as tiny f16', async () => {
    const dir = await freshDir();
    const r = await importModel(dir, await testModel('tiny'));
    expect(r.model.status).toBe('unverified');
    expect(r.model.description).toMatchObject({ family: 'tiny', quantization: 'f16', multilingual: true });
  });

  it('verifies against the catalog: SHA-256 match → verified, stored under the catalog file name', async () => {
    const dir = await freshDir();
    const data = makeGgml({ seed: 12 });
    const catalog = [entryFor(data, 'uji-kecil')];
    const r = await importModel(dir, await writeFile('whatever.bin', data), { catalog });
    expect(r.model).toMatchObject({ id: 'uji-kecil', file: 'ggml-uji-kecil.bin', status: 'verified' });
    expect(r.warnings).toEqual([]);
    expect((await listModels(dir, { catalog }))[0]?.status).toBe('verified');
  });

  it('refuses random bytes and other formats before copying anything', async () => {
    const dir = await freshDir();
    const random = Buffer.alloc(200_000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    const e1 = await rejection(importModel(dir, await writeFile('acak.bin', random)));
    expect(e1.code).toBe('MODEL_INVALID');
    expect(e1.params).toMatchObject({ file: 'acak.bin', reason: 'not-ggml' });
    const e2 = await rejection(importModel(dir, await writeFile('model.gguf', Buffer.from('GGUF\x03\x00\x00\x00'.padEnd(64, '\0')))));
    expect(e2.params.reason).toBe('gguf');
    const e3 = await rejection(importModel(dir, await writeFile('kosong.bin', Buffer.alloc(0))));
    expect(e3.params.reason).toBe('empty');
    const e4 = await rejection(importModel(dir, path.join(tmp.dir, 'tidak-ada.bin')));
    expect(e4.code).toBe('FILE_UNREADABLE');
    expect(await ls(dir)).toEqual([]);
  });

  it('refuses a truncated model (cut inside its tensors, or at a tensor boundary)', async () => {
    const dir = await freshDir();
    const full = makeGgml({ seed: 13 });
    const e1 = await rejection(importModel(dir, await writeFile('potong.bin', full.subarray(0, full.length - 1000))));
    expect(e1.code).toBe('MODEL_INVALID');
    expect(e1.params.reason).toBe('truncated');
    // Everything but the last decoder layer: every tensor complete, some missing.
    const fewer = makeGgml({ seed: 13, textLayers: 2 });
    const header = Buffer.from(fewer);
    header.writeInt32LE(3, 4 + 8 * 4); // claims 3 decoder layers, holds 2
    const e2 = await rejection(importModel(dir, await writeFile('kurang.bin', header)));
    expect(e2.params.reason).toBe('truncated');
    expect(await ls(dir)).toEqual([]);
  });

  it('refuses a file of a catalog model’s exact size and architecture whose hash differs (altered)', async () => {
    const dir = await freshDir();
    const tiny = await testModel('tiny');
    const size = (await fs.stat(tiny)).size;
    const catalog = [entryFor(Buffer.alloc(0), 'tiny', { sizeBytes: size, sha256: 'ab'.repeat(32), family: 'tiny', quantization: 'f16' })];
    const e = await rejection(importModel(dir, tiny, { catalog }));
    expect(e.code).toBe('MODEL_INVALID');
    expect(e.params).toMatchObject({ reason: 'hash-mismatch', expected: 'tiny' });
    expect(await ls(dir)).toEqual([]);
  });

  it('stores the same model once, whatever the source file is called', async () => {
    const dir = await freshDir();
    const data = makeGgml({ seed: 14 });
    const first = await importModel(dir, await writeFile('a.bin', data));
    const second = await importModel(dir, await writeFile('b.bin', data));
    expect(second.alreadyInstalled).toBe(true);
    expect(second.model.path).toBe(first.model.path);
    expect(await ls(dir)).toEqual(['a.bin', 'a.bin.json']);
    // A different model with a name already taken gets its own name.
    const other = await importModel(dir, await writeFile('a.bin', makeGgml({ seed: 15 })));
    expect(other.model.file).toMatch(/^a-[0-9a-f]{8}\.bin$/);
    expect((await listModels(dir)).length).toBe(2);
  });

  it('records, in place, a model copied into the folder by hand', async () => {
    const dir = await freshDir();
    const data = makeGgml({ seed: 16 });
    await fs.writeFile(path.join(dir, 'ggml-uji.bin'), data);
    const catalog = [entryFor(data, 'uji')];
    const [before] = await listModels(dir, { catalog });
    expect(before).toMatchObject({ status: 'unchecked', usable: true, catalog: { id: 'uji' } });
    expect(before?.warnings.map((w) => w.code)).toEqual(['NOT_CHECKED']);
    const r = await importModel(dir, path.join(dir, 'ggml-uji.bin'), { catalog });
    expect(r).toMatchObject({ alreadyInstalled: true, model: { status: 'verified', id: 'uji' } });
    expect(await ls(dir)).toEqual(['ggml-uji.bin', 'ggml-uji.bin.json']);
  });

  it('flags an English-only model', async () => {
    const dir = await freshDir();
    const r = await importModel(dir, await writeFile('ggml-x.en.bin', makeGgml({ vocab: 51864, seed: 17 })));
    expect(r.warnings.map((w) => w.code)).toEqual(['HASH_NOT_IN_CATALOG', 'ENGLISH_ONLY']);
  });

  it('cancels: CANCELLED, nothing left behind', async () => {
    const dir = await freshDir();
    const ac = new AbortController();
    const src = await testModel('tiny');
    const e = await rejection(
      importModel(dir, src, {
        signal: ac.signal,
        progressIntervalMs: 0,
        onProgress: (b) => {
          if (b > 0) ac.abort();
        },
      }),
    );
    expect(e.code).toBe('CANCELLED');
    expect(await ls(dir)).toEqual([]);
  });
});

describe('list, default, remove', () => {
  it('an empty or missing folder has no models, and MODEL_MISSING says what to do', async () => {
    expect(await listModels(path.join(tmp.dir, 'belum-ada'))).toEqual([]);
    const e = await rejection(defaultModel(await freshDir()));
    expect(e.code).toBe('MODEL_MISSING');
    expect(e.message).toMatch(/download or import a model in Settings › Models/);
  });

  it('defaults to the preferred, else the recommended, else the best installed model', async () => {
    const dir = await freshDir();
    const small = makeGgml({ seed: 21 });
    const big = makeGgml({ seed: 22 });
    const extra = makeGgml({ seed: 23 });
    const catalog = [entryFor(small, 'rekomendasi', { quality: 10 }), entryFor(big, 'terbaik', { quality: 50 })];
    await importModel(dir, await writeFile('x.bin', big), { catalog });
    await importModel(dir, await writeFile('y.bin', extra), { catalog });
    expect((await defaultModel(dir, { catalog, recommendedId: 'rekomendasi' })).id).toBe('terbaik');
    await importModel(dir, await writeFile('z.bin', small), { catalog });
    expect((await defaultModel(dir, { catalog, recommendedId: 'rekomendasi' })).id).toBe('rekomendasi');
    expect((await defaultModel(dir, { catalog, recommendedId: 'rekomendasi', preferredId: 'file:y.bin' })).file).toBe('y.bin');
    expect((await defaultModel(dir, { catalog, recommendedId: 'rekomendasi', preferredId: 'hilang' })).id).toBe('rekomendasi');
    expect((await listModels(dir, { catalog })).map((m) => m.id)).toEqual(['terbaik', 'rekomendasi', 'file:y.bin']);
  });

  it('marks a model whose file changed as damaged and never picks it', async () => {
    const dir = await freshDir();
    const data = makeGgml({ seed: 24 });
    const catalog = [entryFor(data, 'uji')];
    const r = await importModel(dir, await writeFile('m.bin', data), { catalog });
    await fs.truncate(r.model.path, data.length - 10);
    const [m] = await listModels(dir, { catalog });
    expect(m).toMatchObject({ status: 'damaged', usable: false });
    expect(m?.warnings.map((w) => w.code)).toContain('DAMAGED');
    expect((await rejection(defaultModel(dir, { catalog }))).code).toBe('MODEL_MISSING');
  });

  it('removes a model and its sidecar; NOT_FOUND for one that is not there', async () => {
    const dir = await freshDir();
    const data = makeGgml({ seed: 25 });
    const catalog = [entryFor(data, 'uji')];
    await importModel(dir, await writeFile('m.bin', data), { catalog });
    await removeModel(dir, 'uji', { catalog });
    expect(await ls(dir)).toEqual([]);
    expect((await rejection(removeModel(dir, 'uji', { catalog }))).code).toBe('NOT_FOUND');
  });

  it('puts the folder under the user data folder unless RISALAH_MODELS_DIR says otherwise', () => {
    expect(modelsDir('/data/Risalah', {})).toBe(path.join('/data/Risalah', 'models'));
    expect(modelsDir('/data/Risalah', { RISALAH_MODELS_DIR: '/mnt/usb/models' })).toBe(path.resolve('/mnt/usb/models'));
  });
});

describe('download (local server)', () => {
  let server: Server;
  const model = makeGgml({ seed: 31, vocab: 100_000 }); // ~3.3 MB
  const catalog = [entryFor(model, 'unduh')];
  const FILE = 'ggml-unduh.bin';
  const fast = { catalog, retryDelayMs: 10, progressIntervalMs: 0 } as const;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.routes.clear();
    server.requests.length = 0;
  });

  const serve = (opts: Served = {}, data: Buffer = model, at = `/${FILE}`): void => {
    server.routes.set(at, { data, opts, count: 0 });
  };

  it('downloads with progress to a verified model, nothing left over', async () => {
    const dir = await freshDir();
    serve({ chunk: 256 * 1024, chunkDelayMs: 5 });
    const progress: [number, number][] = [];
    const r = await downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base, onProgress: (b, t) => progress.push([b, t]) });
    expect(r).toMatchObject({ alreadyInstalled: false, resumedFrom: 0, model: { id: 'unduh', status: 'verified', file: FILE } });
    expect(Buffer.compare(await fs.readFile(path.join(dir, FILE)), model)).toBe(0);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toEqual([model.length, model.length]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
    const record = JSON.parse(await fs.readFile(path.join(dir, `${FILE}.json`), 'utf8')) as ModelRecord;
    expect(record).toMatchObject({ id: 'unduh', source: 'download', verified: true, sha256: sha256(model), url: `${server.base}/${FILE}` });
    expect(await ls(dir)).toEqual([FILE, `${FILE}.json`]);
    // Asked again: already there, no request.
    const before = server.requests.length;
    expect((await downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base })).alreadyInstalled).toBe(true);
    expect(server.requests.length).toBe(before);
  });

  it('resumes with Range after the server drops the connection mid-way: one correct file', async () => {
    const dir = await freshDir();
    serve({ breakAfter: 1_000_000 });
    const r = await downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base });
    expect(r.model.status).toBe('verified');
    expect(server.requests.map((q) => q.range)).toEqual([undefined, expect.stringMatching(/^bytes=\d+-$/)]);
    const resumedAt = Number(/\d+/.exec(server.requests[1]?.range ?? '')?.[0]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(Buffer.compare(await fs.readFile(path.join(dir, FILE)), model)).toBe(0);
  });

  it('keeps the .part when it gives up, and a later call resumes from it', async () => {
    const dir = await freshDir();
    serve({ breakAfter: 1_500_000 });
    const e = await rejection(downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base, retries: 0 }));
    expect(e.code).toBe('MODEL_DOWNLOAD_FAILED');
    expect(e.params.reason).toBe('network');
    const part = (await fs.stat(path.join(dir, `${FILE}.part`))).size;
    expect(part).toBeGreaterThan(0);
    expect(part).toBeLessThan(model.length);
    expect(await listPartialDownloads(dir, { catalog })).toEqual([{ id: 'unduh', bytes: part, total: model.length }]);
    const r = await downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base });
    expect(r.resumedFrom).toBe(part);
    expect(server.requests.at(-1)?.range).toBe(`bytes=${part}-`);
    expect(Buffer.compare(await fs.readFile(path.join(dir, FILE)), model)).toBe(0);
  });

  it('starts over cleanly when the server ignores Range (200)', async () => {
    const dir = await freshDir();
    await fs.writeFile(path.join(dir, `${FILE}.part`), Buffer.alloc(700_000, 0xee)); // garbage: appending would fail the hash
    serve({ ignoreRange: true });
    const progress: number[] = [];
    const r = await downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base, onProgress: (b) => progress.push(b) });
    expect(r.model.status).toBe('verified');
    expect(server.requests[0]?.range).toBe('bytes=700000-');
    expect(progress).toContain(0);
    expect(Buffer.compare(await fs.readFile(path.join(dir, FILE)), model)).toBe(0);
  });

  it('follows redirects (Hugging Face → CDN), resuming through them', async () => {
    const dir = await freshDir();
    await fs.writeFile(path.join(dir, `${FILE}.part`), model.subarray(0, 123_456));
    server.routes.set(`/resolve/${FILE}`, `/cdn/${FILE}`);
    serve({}, model, `/cdn/${FILE}`);
    const r = await downloadModel(dir, 'unduh', { ...fast, baseUrl: `${server.base}/resolve` });
    expect(r.model.status).toBe('verified');
    expect(server.requests.map((q) => q.url)).toEqual([`/resolve/${FILE}`, `/cdn/${FILE}`]);
    expect(server.requests[1]?.range).toBe('bytes=123456-');
    expect(Buffer.compare(await fs.readFile(path.join(dir, FILE)), model)).toBe(0);
  });

  it('refuses a file whose hash does not match: nothing installed, .part removed', async () => {
    const dir = await freshDir();
    const other = Buffer.from(model);
    other.writeUInt8(other.readUInt8(other.length - 5) ^ 0xff, other.length - 5); // same size, one byte different
    serve({}, other);
    const e = await rejection(downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base }));
    expect(e.code).toBe('MODEL_HASH_MISMATCH');
    expect(e.params).toMatchObject({ reason: 'hash-mismatch', file: FILE });
    expect(await ls(dir)).toEqual([]);
    expect(await listModels(dir, { catalog })).toEqual([]);
  });

  it('refuses a server file of another size before downloading it all', async () => {
    const dir = await freshDir();
    serve({}, model.subarray(0, model.length - 100));
    const e = await rejection(downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base }));
    expect(e.code).toBe('MODEL_HASH_MISMATCH');
    expect(e.params).toMatchObject({ reason: 'size-mismatch', expectedBytes: model.length });
    expect(await ls(dir)).toEqual([]);
  });

  it('reports HTTP errors: 404 at once, 5xx after retrying', async () => {
    const dir = await freshDir();
    const e404 = await rejection(downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base }));
    expect(e404.code).toBe('MODEL_DOWNLOAD_FAILED');
    expect(e404.params).toMatchObject({ reason: 'http', status: 404 });
    expect(server.requests.length).toBe(1);
    serve({ status: 503 });
    const e503 = await rejection(downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base, retries: 2 }));
    expect(e503.params).toMatchObject({ reason: 'http', status: 503 });
    expect(server.requests.length).toBe(1 + 3);
    expect(await ls(dir)).toEqual([]);
  });

  it('cancels: CANCELLED, .part kept for a later resume', async () => {
    const dir = await freshDir();
    serve({ chunk: 64 * 1024, chunkDelayMs: 20 });
    const ac = new AbortController();
    const e = await rejection(
      downloadModel(dir, 'unduh', {
        ...fast,
        baseUrl: server.base,
        signal: ac.signal,
        onProgress: (b) => {
          if (b >= 300_000) ac.abort();
        },
      }),
    );
    expect(e.code).toBe('CANCELLED');
    const part = (await fs.stat(path.join(dir, `${FILE}.part`))).size;
    expect(part).toBeGreaterThanOrEqual(300_000);
    expect(await ls(dir)).toEqual([`${FILE}.part`]);
    serve();
    const r = await downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base });
    expect(r.resumedFrom).toBe(part);
    expect(r.model.status).toBe('verified');
  });

  it('says "offline" when nothing answers (closed port)', async () => {
    const closed = await startServer();
    const base = closed.base;
    await closed.close();
    const dir = await freshDir();
    const t0 = Date.now();
    const e = await rejection(downloadModel(dir, 'unduh', { ...fast, baseUrl: base }));
    expect(e.code).toBe('MODEL_DOWNLOAD_OFFLINE');
    expect(e.params).toMatchObject({ reason: 'offline', cause: 'ECONNREFUSED' });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('says "offline" when the name does not resolve (injected fetch)', async () => {
    const dir = await freshDir();
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND' }) });
    }) as typeof fetch;
    const e = await rejection(downloadModel(dir, 'unduh', { ...fast, fetchImpl }));
    expect(e.params).toMatchObject({ reason: 'offline', cause: 'ENOTFOUND', url: 'http://127.0.0.1:9/ggml-unduh.bin' });
  });

  it('gives up on a stalled transfer (and keeps what arrived)', async () => {
    const dir = await freshDir();
    serve({ hangAfter: 500_000 });
    const e = await rejection(downloadModel(dir, 'unduh', { ...fast, baseUrl: server.base, retries: 0, stallTimeoutMs: 300 }));
    expect(e.params.reason).toBe('network');
    expect((await fs.stat(path.join(dir, `${FILE}.part`))).size).toBe(500_000);
  });

  it('refuses ids that are not in the catalog, and downloads nothing unless asked', async () => {
    const dir = await freshDir();
    expect((await rejection(downloadModel(dir, 'tidak-ada', { catalog }))).code).toBe('NOT_FOUND');
    expect(server.requests).toEqual([]);
  });
});
