/**
 * The designed diarization test models (scripts/make-test-model.mjs … segmentation|embedding):
 * they load in onnxruntime (onnxruntime-node here; sherpa-onnx's own onnxruntime loads them in
 * engine.test.ts, in its child process — never both in one process), declare exactly what
 * sherpa-onnx reads, and compute what they are designed to: the segmentation follows speech
 * energy and gives each run of speech after a pause the next local speaker; the embedding is
 * blind to loudness and tells two spectra apart. And the checks that keep a wrong model from
 * sherpa-onnx (which would end the process) find what is wrong.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDiarizationModel, diarizationModelProblems, parseOnnx } from '../../../main/core/diarization/onnx-inspect';
import { diarizationTestModels, type TestModels } from '../../helpers/diarization';
import { tempDir } from '../../helpers/tmp';
// @ts-expect-error plain JavaScript module of the generator
import { model, node, tensor, valueInfo } from '../../../scripts/onnx-writer.mjs';

let models: TestModels;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  models = await diarizationTestModels();
  tmp = tempDir('risalah-diar-models-');
});
afterAll(() => tmp?.cleanup());

const SR = 16000;

/** A voiced sound: 150 Hz and its harmonics, amplitude `amp`. */
function voiced(sec: number, amp = 0.3): Float32Array {
  const out = new Float32Array(Math.round(sec * SR));
  for (let i = 0; i < out.length; i++) for (let h = 1; h <= 6; h++) out[i]! += (amp / h) * Math.sin((2 * Math.PI * 150 * h * i) / SR);
  return out;
}
const concat = (...parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('the segmentation test model', () => {
  it('has the pyannote segmentation-3.0 interface and metadata', () => {
    const info = parseOnnx(readFileSync(models.segmentation));
    expect(info.inputs).toEqual([{ name: 'x', elemType: 1, shape: ['N', 1, 'T'] }]);
    expect(info.outputs).toEqual([{ name: 'y', elemType: 1, shape: ['N', 'F', 7] }]);
    expect(info.metadata).toMatchObject({ sample_rate: '16000', num_speakers: '3', powerset_max_classes: '2', num_classes: '7', receptive_field_size: '991', receptive_field_shift: '270', model_type: 'pyannote-segmentation-3.0' });
    expect(diarizationModelProblems('segmentation', info)).toEqual([]);
  });

  it('follows speech energy: silence, a speaker, a pause, the next local speaker', async () => {
    const s = await ort.InferenceSession.create(models.segmentation);
    const window = concat(new Float32Array(SR), voiced(1.5), new Float32Array(SR * 0.8), voiced(1.2, 0.05), new Float32Array(Math.round(SR * 0.5)));
    expect(window.length).toBe(80000);
    const { y } = await s.run({ x: new ort.Tensor('float32', window, [1, 1, window.length]) });
    expect(y!.dims).toEqual([1, 293, 7]);
    const data = y!.data as Float32Array;
    const cls = Array.from({ length: 293 }, (_, f) => {
      const row = Array.from(data.subarray(f * 7, f * 7 + 7));
      return row.indexOf(Math.max(...row));
    });
    const at = (sec: number) => cls[Math.floor((sec * SR - 991 / 2) / 270)];
    expect([at(0.5), at(1.7), at(2.2), at(2.9), at(3.8), at(4.3), at(4.8)]).toEqual([0, 1, 1, 0, 2, 2, 0]);
    // probabilities: each frame's classes sum to 1
    expect(Array.from(data.subarray(0, 7)).reduce((a, b) => a + Math.exp(b), 0)).toBeCloseTo(1, 4);
    await s.release();
  });

  it('finds no speech in digital silence or faint noise', async () => {
    const s = await ort.InferenceSession.create(models.segmentation);
    const noise = new Float32Array(80000).map((_, i) => 0.001 * ((Math.sin(i * 12.9898) * 43758.5453) % 1)); // ≈ −65 dBFS
    for (const x of [new Float32Array(80000), noise]) {
      const { y } = await s.run({ x: new ort.Tensor('float32', x, [1, 1, x.length]) });
      const data = y!.data as Float32Array;
      for (let f = 0; f < 293; f++) expect(data[f * 7]).toBeGreaterThan(Math.log(0.5));
    }
    await s.release();
  });
});

describe('the embedding test model', () => {
  it('has the WeSpeaker interface and metadata', () => {
    const info = parseOnnx(readFileSync(models.embedding));
    expect(info.inputs).toEqual([{ name: 'feats', elemType: 1, shape: ['B', 'T', 80] }]);
    expect(info.outputs).toEqual([{ name: 'embs', elemType: 1, shape: ['B', 192] }]);
    expect(info.metadata).toMatchObject({ framework: 'wespeaker', output_dim: '192', sample_rate: '16000', normalize_samples: '1', language: 'id' });
    expect(diarizationModelProblems('embedding', info)).toEqual([]);
  });

  it('ignores loudness and tells two spectral shapes apart', async () => {
    const s = await ort.InferenceSession.create(models.embedding);
    const T = 200;
    /** log-mel frames: a spectral shape (peak at `peak`) that wobbles over time, plus `gain`. */
    const feats = (peak: number, gain: number, seed: number) => {
      const f = new Float32Array(T * 80);
      for (let t = 0; t < T; t++) for (let k = 0; k < 80; k++) f[t * 80 + k] = gain + 4 * Math.exp(-(((k - peak - 2 * Math.sin(t * 0.3 + seed)) / 6) ** 2)) + 0.3 * Math.sin(k * seed + t);
      return new ort.Tensor('float32', f, [1, T, 80]);
    };
    const emb = async (x: ort.Tensor) => Array.from((await s.run({ feats: x })).embs!.data as Float32Array);
    const cos = (a: number[], b: number[]) => a.reduce((d, x, i) => d + x * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    const a1 = await emb(feats(12, 0, 1));
    const a1loud = await emb(feats(12, 5, 1));
    const a2 = await emb(feats(12, -2, 2));
    const b1 = await emb(feats(40, 0, 1));
    expect(a1).toHaveLength(192);
    expect(cos(a1, a1loud)).toBeCloseTo(1, 5);
    expect(cos(a1, a2)).toBeGreaterThan(0.95);
    expect(cos(a1, b1)).toBeLessThan(0.9);
    await s.release();
  });
});

describe('model checks before sherpa-onnx sees a file', () => {
  it('refuse a file that is not ONNX, and an empty or absent one', async () => {
    const bad = path.join(tmp.dir, 'bad.onnx');
    writeFileSync(bad, '<html>404 Not Found</html>');
    await expect(checkDiarizationModel('segmentation', bad)).rejects.toMatchObject({ code: 'DIARIZATION_MODEL_INVALID', params: { file: 'bad.onnx' } });
    writeFileSync(bad, '');
    await expect(checkDiarizationModel('embedding', bad)).rejects.toMatchObject({ code: 'DIARIZATION_MODEL_INVALID' });
    await expect(checkDiarizationModel('embedding', path.join(tmp.dir, 'none.onnx'))).rejects.toMatchObject({ code: 'DIARIZATION_MODEL_MISSING' });
    // a truncated download of a real model
    writeFileSync(bad, readFileSync(models.embedding).subarray(0, 5000));
    await expect(checkDiarizationModel('embedding', bad)).rejects.toMatchObject({ code: 'DIARIZATION_MODEL_INVALID' });
  });

  it('refuse a model with the wrong inputs or metadata for its role', async () => {
    const meta = { framework: 'wespeaker', output_dim: 192, sample_rate: 16000, normalize_samples: 1, language: 'id' };
    const write = (name: string, inputs: unknown[], metadata: Record<string, unknown>, outShape: unknown[] = ['B', 192]) => {
      const file = path.join(tmp.dir, name);
      const buf = model({
        name: 'wrong',
        nodes: [node('ReduceMean', ['feats'], ['m'], { axes: [1], keepdims: 0 }), node('Concat', ['m', 'm', 'm'], ['c'], { axis: 1 }), node('Slice', ['c', 's0', 's1', 'ax'], ['embs'])],
        initializers: [tensor('s0', [1], [0], 7), tensor('s1', [1], [192], 7), tensor('ax', [1], [1], 7)],
        inputs,
        outputs: [valueInfo('embs', outShape)],
        metadata,
      });
      writeFileSync(file, buf);
      return file;
    };
    // 40 filterbank bins instead of 80
    await expect(checkDiarizationModel('embedding', write('bins.onnx', [valueInfo('feats', ['B', 'T', 40])], meta))).rejects.toMatchObject({
      code: 'DIARIZATION_MODEL_INVALID',
      params: { reason: expect.stringMatching(/80 filterbank bins/) },
    });
    // raw samples [B, T] instead of features
    await expect(checkDiarizationModel('embedding', write('rank.onnx', [valueInfo('feats', ['B', 'T'])], meta))).rejects.toMatchObject({ code: 'DIARIZATION_MODEL_INVALID' });
    // a missing metadata key (sherpa-onnx would exit the process)
    const { language: _l, ...noLanguage } = meta;
    await expect(checkDiarizationModel('embedding', write('meta.onnx', [valueInfo('feats', ['B', 'T', 80])], noLanguage))).rejects.toMatchObject({
      code: 'DIARIZATION_MODEL_INVALID',
      params: { reason: expect.stringMatching(/language/) },
    });
    // the right model in the wrong role
    await expect(checkDiarizationModel('segmentation', models.embedding)).rejects.toMatchObject({ code: 'DIARIZATION_MODEL_INVALID' });
    await expect(checkDiarizationModel('embedding', models.segmentation)).rejects.toMatchObject({ code: 'DIARIZATION_MODEL_INVALID' });
    // and a good one passes
    await expect(checkDiarizationModel('embedding', write('ok.onnx', [valueInfo('feats', ['B', 'T', 80])], meta))).resolves.toMatchObject({ metadata: { framework: 'wespeaker' } });
  });
});
