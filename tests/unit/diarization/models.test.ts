/**
 * The diarization model store: importing the designed test models (role read from the file, hash
 * matched against the catalog, the same file twice copies nothing), refusing what sherpa-onnx
 * would not run (not ONNX, a Whisper file, wrong inputs) before anything is copied, a file
 * copied in by hand, choosing the pair, DIARIZATION_MODEL_MISSING, and downloading from a real
 * HTTP server with progress, resume after a broken connection, and a hash mismatch refused.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiarizationCatalogEntry } from '../../../main/core/diarization/catalog';
import {
  activeDiarizationModels,
  downloadDiarizationModel,
  importDiarizationModel,
  listDiarizationModels,
  looksLikeOnnx,
  removeDiarizationModel,
} from '../../../main/core/diarization/models';
import { RisalahError } from '../../../main/core/errors';
import { diarizationTestModels, type TestModels } from '../../helpers/diarization';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
let models: TestModels;

beforeAll(async () => {
  tmp = tempDir('risalah-diar-models-');
  models = await diarizationTestModels();
});
afterAll(() => tmp?.cleanup());

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function refused(p: Promise<unknown>): Promise<RisalahError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RisalahError);
  return e as RisalahError;
}

/** A catalog that knows the test embedding model by hash (as the real catalog knows the real ones). */
function testCatalog(): DiarizationCatalogEntry[] {
  const base = { alsoAt: [], hashSource: 'test', licence: { name: 'MIT', url: 'https://example.org' }, sourcePage: 'https://example.org', note: { id: 'uji', en: 'test' } };
  return [
    { ...base, id: 'uji-segmentasi', role: 'segmentation', file: 'uji-segmentasi.onnx', url: 'https://example.org/s.onnx', sizeBytes: statSync(models.segmentation).size, sha256: sha(models.segmentation), recommended: true },
    { ...base, id: 'uji-suara', role: 'embedding', file: 'uji-suara.onnx', url: 'https://example.org/e.onnx', sizeBytes: statSync(models.embedding).size, sha256: sha(models.embedding), dim: 192, recommended: true },
  ];
}

describe('diarization models: import', () => {
  it('imports each test model with its role; the catalog hash verifies it; the same file twice copies nothing', async () => {
    const dir = path.join(tmp.dir, 'a');
    const seg = await importDiarizationModel(dir, models.segmentation, { originalName: 'Segmentasi Uji.onnx' });
    expect(seg).toMatchObject({ alreadyInstalled: false, model: { role: 'segmentation', status: 'unverified', file: 'Segmentasi-Uji.onnx', usable: true } });
    const progress: number[] = [];
    const emb = await importDiarizationModel(dir, models.embedding, { originalName: 'suara.onnx', catalog: testCatalog(), onProgress: (b) => progress.push(b) });
    expect(emb.model).toMatchObject({ role: 'embedding', status: 'verified', id: 'uji-suara', file: 'uji-suara.onnx' });
    expect(progress.at(-1)).toBe(statSync(models.embedding).size);
    expect(JSON.parse(readFileSync(path.join(dir, 'uji-suara.onnx.json'), 'utf8'))).toMatchObject({ kind: 'diarization', role: 'embedding', sha256: sha(models.embedding), verified: true, dim: 192 });
    const again = await importDiarizationModel(dir, models.segmentation, { originalName: 'lagi.onnx' });
    expect(again.alreadyInstalled).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.onnx')).sort()).toEqual(['Segmentasi-Uji.onnx', 'uji-suara.onnx']);
    const active = await activeDiarizationModels(dir);
    expect([active.segmentation.file, active.embedding.file]).toEqual(['Segmentasi-Uji.onnx', 'uji-suara.onnx']);
    // the Whisper store's files are not ours (and ours not its)
    expect(await looksLikeOnnx(models.embedding)).toBe(true);
  });

  it('refuses what sherpa-onnx would not run, with the reason, copying nothing', async () => {
    const dir = path.join(tmp.dir, 'b');
    const text = path.join(tmp.dir, 'bukan-model.onnx');
    writeFileSync(text, 'ini bukan model');
    expect((await refused(importDiarizationModel(dir, text))).code).toBe('DIARIZATION_MODEL_INVALID');
    const ggml = path.join(tmp.dir, 'ggml-tiny.bin');
    writeFileSync(ggml, Buffer.concat([Buffer.from('lmgg'), Buffer.alloc(100)]));
    expect(await looksLikeOnnx(ggml)).toBe(false);
    // a real ONNX model that is neither (the segmentation model with its metadata cut off)
    const cut = path.join(tmp.dir, 'terpotong.onnx');
    writeFileSync(cut, readFileSync(models.segmentation).subarray(0, 2000));
    const e = await refused(importDiarizationModel(dir, cut));
    expect(e.code).toBe('DIARIZATION_MODEL_INVALID');
    expect(e.params.file).toBe('terpotong.onnx');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    // a file of a catalog model's size and role whose hash differs: altered, refused
    const altered = path.join(tmp.dir, 'diubah.onnx');
    const bytes = Buffer.from(readFileSync(models.embedding));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(altered, bytes);
    const alteredErr = await refused(importDiarizationModel(dir, altered, { catalog: testCatalog() }));
    expect(alteredErr.code).toBe('DIARIZATION_MODEL_INVALID');
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('finds a model copied into the folder by hand (unchecked, usable), records it when imported, removes it', async () => {
    const dir = path.join(tmp.dir, 'c');
    await importDiarizationModel(dir, models.segmentation);
    copyFileSync(models.embedding, path.join(dir, 'salinan.onnx'));
    const listed = await listDiarizationModels(dir);
    expect(listed.find((m) => m.file === 'salinan.onnx')).toMatchObject({ role: 'embedding', status: 'unchecked', usable: true });
    const r = await importDiarizationModel(dir, models.embedding);
    expect(r).toMatchObject({ alreadyInstalled: true, model: { file: 'salinan.onnx', status: 'unverified' } });
    await removeDiarizationModel(dir, 'salinan.onnx');
    expect(existsSync(path.join(dir, 'salinan.onnx'))).toBe(false);
    expect(existsSync(path.join(dir, 'salinan.onnx.json'))).toBe(false);
    const missing = await refused(activeDiarizationModels(dir));
    expect(missing.code).toBe('DIARIZATION_MODEL_MISSING');
    expect(missing.params.file).toBe('3dspeaker_speech_campplus_sv_zh_en_16k-common_advanced.onnx');
  });
});

describe('diarization models: download', () => {
  let server: http.Server;
  let base: string;
  /** Per request: how to answer (a broken first attempt, a changed file). */
  let mode: 'whole' | 'break-once' | 'altered' = 'whole';
  let broke = false;
  const ranges: (string | undefined)[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const file = req.url === '/uji-suara.onnx' ? models.embedding : req.url === '/uji-segmentasi.onnx' ? models.segmentation : null;
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      let data = readFileSync(file);
      if (mode === 'altered') {
        data = Buffer.from(data);
        data[10] = data[10]! ^ 0xff;
      }
      ranges.push(req.headers.range);
      const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const from = m ? Number(m[1]) : 0;
      const body = data.subarray(from);
      res.writeHead(m ? 206 : 200, { 'Content-Length': body.length, ...(m ? { 'Content-Range': `bytes ${from}-${data.length - 1}/${data.length}` } : {}) });
      if (mode === 'break-once' && !broke) {
        broke = true;
        res.write(body.subarray(0, Math.floor(body.length / 3)));
        setTimeout(() => res.destroy(), 50);
        return;
      }
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads with progress, resumes a broken connection with Range, verifies the hash and installs', async () => {
    const dir = path.join(tmp.dir, 'd');
    mode = 'break-once';
    const seen: number[] = [];
    const r = await downloadDiarizationModel(dir, 'uji-suara', { baseUrl: base, catalog: testCatalog(), retryDelayMs: 10, onProgress: (b) => seen.push(b) });
    expect(r.model).toMatchObject({ id: 'uji-suara', status: 'verified', role: 'embedding' });
    expect(ranges.some((x) => x?.startsWith('bytes=') && x !== 'bytes=0-')).toBe(true);
    expect(seen.at(-1)).toBe(statSync(models.embedding).size);
    expect(sha(path.join(dir, 'uji-suara.onnx'))).toBe(sha(models.embedding));
    expect(existsSync(path.join(dir, 'uji-suara.onnx.part'))).toBe(false);
    expect((await downloadDiarizationModel(dir, 'uji-suara', { baseUrl: base, catalog: testCatalog() })).alreadyInstalled).toBe(true);
  });

  it('refuses a download whose hash differs (nothing installed, nothing kept), and an unknown id', async () => {
    const dir = path.join(tmp.dir, 'e');
    mode = 'altered';
    const e = await refused(downloadDiarizationModel(dir, 'uji-segmentasi', { baseUrl: base, catalog: testCatalog(), retryDelayMs: 10 }));
    expect(e.code).toBe('MODEL_HASH_MISMATCH');
    expect(readdirSync(dir)).toEqual([]);
    expect((await refused(downloadDiarizationModel(dir, 'tidak-ada', { baseUrl: base }))).code).toBe('NOT_FOUND');
    mode = 'whole';
  });

  it('says offline when the server cannot be reached', async () => {
    const dir = path.join(tmp.dir, 'f');
    // a port nobody listens on (taken, then let go)
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await refused(downloadDiarizationModel(dir, 'uji-suara', { baseUrl: `http://127.0.0.1:${port}`, catalog: testCatalog(), retries: 0 }));
    expect(e.code).toBe('MODEL_DOWNLOAD_OFFLINE');
  });
});
