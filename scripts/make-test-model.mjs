#!/usr/bin/env node
/**
 * Test-model generator (tests and benchmarks; no weights can be downloaded):
 *
 *   npm run -s make-test-model -- OUT [tiny|base|small] [--seed N]   random-weight Whisper model
 *   npm run -s make-test-model -- OUT segmentation|embedding         designed-weight diarization
 *                                                                    models (diarization-test-models.mjs)
 *
 * Random-weight Whisper model:
 *
 * Owns: writing a model in whisper.cpp's legacy ggml format, exactly as `whisper_model_load`
 * (whisper.cpp 1.9.1, src/whisper.cpp) reads it:
 *
 *   u32 magic 'ggml' (0x67676d6c)
 *   i32 n_vocab n_audio_ctx n_audio_state n_audio_head n_audio_layer
 *       n_text_ctx n_text_state n_text_head n_text_layer n_mels ftype
 *   i32 n_mel, i32 n_fft, f32[n_mel*n_fft]            mel filterbank (real Slaney filters)
 *   i32 n_tokens, then per token: u32 len, bytes       vocab (ids 0..50256; whisper.cpp adds
 *                                                      the special/timestamp tokens up to n_vocab)
 *   tensors until EOF: i32 n_dims, i32 name_len, i32 ttype (0 f32, 1 f16), i32 ne[n_dims]
 *                      (ggml order, fastest dim first), name bytes, raw data
 *
 * The weights are deterministic (seeded xorshift, approximately normal * 0.02), layer norms are
 * 1/0 and the positional embeddings are sinusoids, so activations stay finite. The text it
 * produces is garbage: use it to test structure, timing, progress, cancel and errors.
 *
 *   npm run -s make-test-model -- OUT [tiny|base|small] [--seed N]
 *
 * tiny: real tiny dims (384 state, 6 heads, 4+4 layers); base: real base dims (512, 8 heads,
 * 6+6 layers), f16 like the published base model, so it times like it; small: real small dims
 * (768, 12 heads, 12+12 layers, ≈ 490 MB) for memory measurements. n_text_layer is never 2
 * (whisper.cpp would take the model for distil-whisper and drop timestamps).
 */
import { createHash } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { embeddingModel, segmentationModel } from './diarization-test-models.mjs';

export const GENERATOR_VERSION = 1;

export const SIZES = {
  tiny: { n_audio_state: 384, n_audio_head: 6, n_audio_layer: 4, n_text_state: 384, n_text_head: 6, n_text_layer: 4 },
  base: { n_audio_state: 512, n_audio_head: 8, n_audio_layer: 6, n_text_state: 512, n_text_head: 8, n_text_layer: 6 },
  small: { n_audio_state: 768, n_audio_head: 12, n_audio_layer: 12, n_text_state: 768, n_text_head: 12, n_text_layer: 12 },
};

const N_VOCAB = 51865; // multilingual: <|id|>, <|jw|>, <|su|> exist
const N_VOCAB_FILE = 50257; // text tokens stored in the file (id 50256 is the empty token)
const N_AUDIO_CTX = 1500;
const N_TEXT_CTX = 448;
const N_MELS = 80;
const N_FFT_BINS = 201; // 1 + 400/2
const SAMPLE_RATE = 16000;
const GGML_MAGIC = 0x67676d6c;
const F32 = 0;
const F16 = 1;

// --------------------------------------------------------------------------------------------
// deterministic random numbers

function makeRng(seed) {
  // xorshift32; 4 uniforms summed (Irwin–Hall) give a cheap near-normal variate.
  let s = (seed >>> 0) || 0x9e3779b9;
  const u = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const SQRT3 = Math.sqrt(3);
  return {
    /** approximately N(0, 1) */
    normal: () => (u() + u() + u() + u() - 2) * SQRT3,
  };
}

function seedFor(name, seed) {
  return createHash('sha256').update(`${seed}:${name}`).digest().readUInt32LE(0);
}

// --------------------------------------------------------------------------------------------
// mel filterbank (librosa.filters.mel(sr=16000, n_fft=400, n_mels=80), Slaney scale and norm)

function melFilters() {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  const hzToMel = (f) => (f < minLogHz ? f / fSp : minLogMel + Math.log(f / minLogHz) / logStep);
  const melToHz = (m) => (m < minLogMel ? m * fSp : minLogHz * Math.exp(logStep * (m - minLogMel)));

  const fftFreqs = Array.from({ length: N_FFT_BINS }, (_, i) => (i * SAMPLE_RATE) / 2 / (N_FFT_BINS - 1));
  const mMax = hzToMel(SAMPLE_RATE / 2);
  const melF = Array.from({ length: N_MELS + 2 }, (_, i) => melToHz((i * mMax) / (N_MELS + 1)));
  const out = new Float32Array(N_MELS * N_FFT_BINS);
  for (let i = 0; i < N_MELS; i++) {
    const enorm = 2 / (melF[i + 2] - melF[i]);
    for (let j = 0; j < N_FFT_BINS; j++) {
      const lower = (fftFreqs[j] - melF[i]) / (melF[i + 1] - melF[i]);
      const upper = (melF[i + 2] - fftFreqs[j]) / (melF[i + 2] - melF[i + 1]);
      out[i * N_FFT_BINS + j] = Math.max(0, Math.min(lower, upper)) * enorm;
    }
  }
  return out;
}

// --------------------------------------------------------------------------------------------
// vocabulary: all 256 single bytes (so any prompt tokenizes), Indonesian words and syllables,
// then synthetic syllable words up to 50256, and the empty token at 50256.

const WORDS = (
  'yang dan di ini itu dengan untuk tidak dari dalam akan pada juga saya kami kita mereka ' +
  'adalah ada bisa sudah telah harus oleh karena sebagai atau jika bahwa kepada bapak ibu ' +
  'saudara sekalian terima kasih selamat pagi siang sore malam hari tahun pemerintah daerah ' +
  'provinsi kabupaten kota desa masyarakat pembangunan program kegiatan anggaran rapat acara ' +
  'presiden menteri gubernur bupati wali camat kepala dinas badan kantor pelayanan publik ' +
  'Indonesia Jakarta negara bangsa rakyat nasional undang peraturan kebijakan ekonomi sosial ' +
  'pendidikan kesehatan jalan air listrik pangan petani nelayan sekolah rumah sakit'
).split(' ');
const SYLL_C = ['', 'b', 'c', 'd', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'ng', 'ny', 'p', 'r', 's', 't', 'w', 'y'];
const SYLL_V = ['a', 'i', 'u', 'e', 'o'];
const SYLL_F = ['', 'n', 'ng', 'k', 'r', 's', 't', 'h', 'l', 'm'];

function buildVocab() {
  const seen = new Set();
  const tokens = [];
  const add = (t) => {
    const key = Buffer.isBuffer(t) ? t.toString('latin1') + '\u0000b' : t;
    if (seen.has(key) || tokens.length >= N_VOCAB_FILE - 1) return;
    seen.add(key);
    tokens.push(Buffer.isBuffer(t) ? t : Buffer.from(t, 'utf8'));
  };
  for (let b = 0; b < 256; b++) add(Buffer.from([b]));
  for (const w of WORDS) {
    add(' ' + w);
    add(w);
  }
  const sylls = [];
  for (const c of SYLL_C) for (const v of SYLL_V) for (const f of SYLL_F) sylls.push(c + v + f);
  for (const s of sylls) {
    add(' ' + s);
    add(s);
  }
  for (let i = 0; tokens.length < N_VOCAB_FILE - 1; i++) {
    const a = sylls[i % sylls.length];
    const b = sylls[Math.floor(i / sylls.length) % sylls.length];
    add((i % 2 ? ' ' : '') + a + b);
  }
  tokens.push(Buffer.alloc(0)); // id 50256: the empty token of the multilingual vocab
  return tokens;
}

// --------------------------------------------------------------------------------------------
// tensors

function tensorList(h) {
  const n = h.n_audio_state;
  const t = [];
  const W = h.ftype === F16 ? F16 : F32; // big matrices
  const enc = 'encoder';
  t.push({ name: `${enc}.positional_embedding`, ne: [n, N_AUDIO_CTX], type: F32, init: 'sinusoid' });
  t.push({ name: `${enc}.conv1.weight`, ne: [3, N_MELS, n], type: W, init: 'normal' });
  t.push({ name: `${enc}.conv1.bias`, ne: [1, n], type: F32, init: 'zeros' });
  t.push({ name: `${enc}.conv2.weight`, ne: [3, n, n], type: W, init: 'normal' });
  t.push({ name: `${enc}.conv2.bias`, ne: [1, n], type: F32, init: 'zeros' });
  t.push({ name: `${enc}.ln_post.weight`, ne: [n], type: F32, init: 'ones' });
  t.push({ name: `${enc}.ln_post.bias`, ne: [n], type: F32, init: 'zeros' });
  const block = (p, cross) => {
    t.push({ name: `${p}.mlp_ln.weight`, ne: [n], type: F32, init: 'ones' });
    t.push({ name: `${p}.mlp_ln.bias`, ne: [n], type: F32, init: 'zeros' });
    t.push({ name: `${p}.mlp.0.weight`, ne: [n, 4 * n], type: W, init: 'normal' });
    t.push({ name: `${p}.mlp.0.bias`, ne: [4 * n], type: F32, init: 'zeros' });
    t.push({ name: `${p}.mlp.2.weight`, ne: [4 * n, n], type: W, init: 'normal' });
    t.push({ name: `${p}.mlp.2.bias`, ne: [n], type: F32, init: 'zeros' });
    const attn = (a) => {
      t.push({ name: `${p}.${a}_ln.weight`, ne: [n], type: F32, init: 'ones' });
      t.push({ name: `${p}.${a}_ln.bias`, ne: [n], type: F32, init: 'zeros' });
      t.push({ name: `${p}.${a}.query.weight`, ne: [n, n], type: W, init: 'normal' });
      t.push({ name: `${p}.${a}.query.bias`, ne: [n], type: F32, init: 'zeros' });
      t.push({ name: `${p}.${a}.key.weight`, ne: [n, n], type: W, init: 'normal' });
      t.push({ name: `${p}.${a}.value.weight`, ne: [n, n], type: W, init: 'normal' });
      t.push({ name: `${p}.${a}.value.bias`, ne: [n], type: F32, init: 'zeros' });
      t.push({ name: `${p}.${a}.out.weight`, ne: [n, n], type: W, init: 'normal' });
      t.push({ name: `${p}.${a}.out.bias`, ne: [n], type: F32, init: 'zeros' });
    };
    attn('attn');
    if (cross) attn('cross_attn');
  };
  for (let i = 0; i < h.n_audio_layer; i++) block(`${enc}.blocks.${i}`, false);
  t.push({ name: 'decoder.positional_embedding', ne: [n, N_TEXT_CTX], type: F32, init: 'normal' });
  t.push({ name: 'decoder.token_embedding.weight', ne: [n, N_VOCAB], type: W, init: 'normal' });
  t.push({ name: 'decoder.ln.weight', ne: [n], type: F32, init: 'ones' });
  t.push({ name: 'decoder.ln.bias', ne: [n], type: F32, init: 'zeros' });
  for (let i = 0; i < h.n_text_layer; i++) block(`decoder.blocks.${i}`, true);
  return t;
}

const CHUNK = 1 << 20; // elements per write

function* tensorChunks(tensor, seed, scale) {
  const total = tensor.ne.reduce((a, b) => a * b, 1);
  const rng = makeRng(seedFor(tensor.name, seed));
  const [d0] = tensor.ne;
  for (let off = 0; off < total; off += CHUNK) {
    const len = Math.min(CHUNK, total - off);
    const f = tensor.type === F16 ? new Float16Array(len) : new Float32Array(len);
    switch (tensor.init) {
      case 'zeros':
        break;
      case 'ones':
        f.fill(1);
        break;
      case 'normal':
        for (let i = 0; i < len; i++) f[i] = rng.normal() * scale;
        break;
      case 'sinusoid': {
        // whisper's encoder embedding: [sin(t * inv_timescales), cos(t * inv_timescales)]
        const half = d0 / 2;
        const logInc = Math.log(10000) / (half - 1);
        for (let i = 0; i < len; i++) {
          const k = off + i;
          const pos = Math.floor(k / d0);
          const c = k % d0;
          const j = c < half ? c : c - half;
          const v = pos * Math.exp(-logInc * j);
          f[i] = c < half ? Math.sin(v) : Math.cos(v);
        }
        break;
      }
      default:
        throw new Error(`unknown init ${tensor.init}`);
    }
    yield Buffer.from(f.buffer, f.byteOffset, f.byteLength);
  }
}

/**
 * Writes a random-weight model to `out` (atomically: a temp file renamed into place).
 * @returns {Promise<{ path: string, bytes: number, hparams: object }>}
 */
export async function makeTestModel(out, size = 'tiny', { seed = 1 } = {}) {
  const dims = SIZES[size];
  if (!dims) throw new Error(`unknown size "${size}" (tiny | base | small)`);
  if (dims.n_text_layer === 2) throw new Error('n_text_layer 2 is taken for distil-whisper: not allowed');
  const h = { n_vocab: N_VOCAB, n_audio_ctx: N_AUDIO_CTX, ...dims, n_text_ctx: N_TEXT_CTX, n_mels: N_MELS, ftype: F16 };

  const target = path.resolve(out);
  const tmp = `${target}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w');
  try {
    // Small pieces are gathered and written in ~4 MB batches; memory stays small.
    let pending = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes) await fh.write(Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    };
    const write = async (b) => {
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= 4 << 20) await flush();
    };
    const i32 = (...vals) => {
      const b = Buffer.alloc(4 * vals.length);
      vals.forEach((v, i) => b.writeInt32LE(v, 4 * i));
      return b;
    };

    const head = Buffer.alloc(4);
    head.writeUInt32LE(GGML_MAGIC);
    await write(head);
    await write(
      i32(h.n_vocab, h.n_audio_ctx, h.n_audio_state, h.n_audio_head, h.n_audio_layer, h.n_text_ctx, h.n_text_state, h.n_text_head, h.n_text_layer, h.n_mels, h.ftype),
    );
    const filters = melFilters();
    await write(i32(N_MELS, N_FFT_BINS));
    await write(Buffer.from(filters.buffer));

    const vocab = buildVocab();
    await write(i32(vocab.length));
    for (const tok of vocab) {
      const len = Buffer.alloc(4);
      len.writeUInt32LE(tok.length);
      await write(len);
      if (tok.length) await write(tok);
    }

    for (const t of tensorList(h)) {
      const name = Buffer.from(t.name, 'utf8');
      await write(i32(t.ne.length, name.length, t.type, ...t.ne));
      await write(name);
      for (const chunk of tensorChunks(t, seed, 0.02)) await write(chunk);
    }
    await flush();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  await rename(tmp, target);
  const { size: bytes } = await stat(target);
  return { path: target, bytes, hparams: h };
}

export const DIARIZATION_KINDS = { segmentation: segmentationModel, embedding: embeddingModel };

/** Writes a designed diarization test model (atomically). */
export async function makeDiarizationTestModel(out, kind) {
  const make = DIARIZATION_KINDS[kind];
  if (!make) throw new Error(`unknown diarization model "${kind}" (segmentation | embedding)`);
  const target = path.resolve(out);
  const tmp = `${target}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.write(make());
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, target);
  const { size: bytes } = await stat(target);
  return { path: target, bytes };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const args = process.argv.slice(2);
  let seed = 1;
  const si = args.indexOf('--seed');
  if (si !== -1) {
    seed = Number(args[si + 1]);
    args.splice(si, 2);
  }
  const [out, size = 'tiny'] = args;
  if (out && DIARIZATION_KINDS[size]) {
    makeDiarizationTestModel(out, size)
      .then((r) => console.log(`${r.path} ${(r.bytes / 1e3).toFixed(1)} kB (${size}, designed test model)`))
      .catch((e) => {
        console.error(`make-test-model: ${e.message}`);
        process.exit(1);
      });
  } else if (!out || !SIZES[size] || !Number.isInteger(seed)) {
    console.error('usage: npm run -s make-test-model -- OUT [tiny|base|small] [--seed N]\n       npm run -s make-test-model -- OUT segmentation|embedding');
    process.exit(2);
  } else {
  const t0 = Date.now();
  makeTestModel(out, size, { seed })
    .then((r) => {
      console.log(`${r.path} ${(r.bytes / 1e6).toFixed(1)} MB (${size}, seed ${seed}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    })
    .catch((e) => {
      console.error(`make-test-model: ${e.message}`);
      process.exit(1);
    });
  }
}
