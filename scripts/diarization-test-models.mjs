/**
 * Designed-weight ONNX models for speaker diarization tests (no model weights can be downloaded;
 * random weights would measure nothing). Written by `npm run make-test-model -- FILE
 * segmentation|embedding` (scripts/make-test-model.mjs); the ONNX encoding is onnx-writer.mjs.
 *
 * Owns: the two graphs and their metadata, exactly the interface sherpa-onnx's
 * OfflineSpeakerDiarization reads (sherpa-onnx/csrc/offline-speaker-segmentation-pyannote-model.cc,
 * speaker-embedding-extractor-model.cc):
 *
 * segmentation (pyannote segmentation-3.0 interface): input `x` float [N, 1, T] (16 kHz samples
 *   in [-1, 1]), output `y` float [N, F, 7] — log-probabilities over the powerset classes
 *   {silence, s1, s2, s3, s1+s2, s1+s3, s2+s3}, one frame every `receptive_field_shift` samples;
 *   metadata sample_rate, window_size, receptive_field_size, receptive_field_shift,
 *   num_speakers, powerset_max_classes, num_classes (+ model_type, version, licence notes).
 *   What it computes: frame power over 991 samples every 270 (pyannote's receptive field), in
 *   dB; speech where it is above max(−45 dBFS, the window's loudest frame − 25 dB); gaps shorter
 *   than 0.25 s closed and blips shorter than 0.15 s removed; each run of speech between pauses
 *   gets the next local speaker (1, 2, 3, 1…) — so a turn after a pause is a speaker of its own
 *   within the window, and telling the voices apart is left to the embedding model and the
 *   clustering, as with the real model. It does not separate voices that overlap or follow
 *   each other without a pause.
 *
 * embedding (WeSpeaker interface): input `feats` float [B, T, 80] (sherpa-onnx's 80-bin log-mel
 *   filterbank), output `embs` float [B, 192]; metadata framework=wespeaker, output_dim,
 *   sample_rate, normalize_samples, language. What it computes: statistics pooling of the
 *   log-mel spectrum over the voiced frames (frames within 3 units of log energy of the loudest,
 *   softly weighted): per-bin mean and standard deviation of the frame-normalised spectrum,
 *   minus a population mean, projected orthonormally (so cosine similarity is kept) to 192
 *   dimensions. The population mean is a designed constant: the average statistics of espeak-ng
 *   Indonesian voices m1, m2, m4, m5, m6, f1, f3, f4, f5 at several pitches — none of the voices
 *   the tests use (m3, f2, m7).
 */
import { model, node, tensor, valueInfo, INT64 } from './onnx-writer.mjs';

export const SEGMENTATION_META = Object.freeze({
  sample_rate: 16000,
  window_size: 80000,
  receptive_field_size: 991,
  receptive_field_shift: 270,
  num_speakers: 3,
  powerset_max_classes: 2,
  num_classes: 7,
});

const CLOSE_FRAMES = 15; // 0.25 s at 270 samples a frame
const OPEN_FRAMES = 9; // 0.15 s
const FLOOR_DB = -45;
const RELATIVE_DB = -25;

export function segmentationModel() {
  const m = SEGMENTATION_META;
  const R = m.receptive_field_size;
  const half = (k) => (k - 1) / 2;
  const nodes = [
    node('Mul', ['x', 'x'], ['sq']),
    node('Conv', ['sq', 'box'], ['power'], { kernel_shape: [R], strides: [m.receptive_field_shift] }), // [N,1,F]
    node('Add', ['power', 'tiny'], ['power_eps']),
    node('Log', ['power_eps'], ['ln_power']),
    node('Mul', ['ln_power', 'db_per_ln'], ['db']),
    node('ReduceMax', ['db'], ['db_max'], { axes: [2], keepdims: 1 }),
    node('Add', ['db_max', 'relative_db'], ['rel_thr']),
    node('Max', ['rel_thr', 'floor_db'], ['thr']),
    node('Greater', ['db', 'thr'], ['speech_bool']),
    node('Cast', ['speech_bool'], ['speech0'], { to: 1 }),
    // closing: dilate, then erode (= −dilate(−x))
    node('MaxPool', ['speech0'], ['dil1'], { kernel_shape: [CLOSE_FRAMES], pads: [half(CLOSE_FRAMES), half(CLOSE_FRAMES)], strides: [1] }),
    node('Neg', ['dil1'], ['neg1']),
    node('MaxPool', ['neg1'], ['ero1n'], { kernel_shape: [CLOSE_FRAMES], pads: [half(CLOSE_FRAMES), half(CLOSE_FRAMES)], strides: [1] }),
    node('Neg', ['ero1n'], ['closed']),
    // opening: erode, then dilate
    node('Neg', ['closed'], ['neg2']),
    node('MaxPool', ['neg2'], ['ero2n'], { kernel_shape: [OPEN_FRAMES], pads: [half(OPEN_FRAMES), half(OPEN_FRAMES)], strides: [1] }),
    node('Neg', ['ero2n'], ['ero2']),
    node('MaxPool', ['ero2'], ['speech'], { kernel_shape: [OPEN_FRAMES], pads: [half(OPEN_FRAMES), half(OPEN_FRAMES)], strides: [1] }),
    // onsets (speech now, not speech in the frame before) and the run number of each frame
    node('Pad', ['speech', 'pad_left', 'zero'], ['padded']),
    node('Shape', ['speech'], ['shape']),
    node('Gather', ['shape', 'two'], ['frames_len']),
    node('Slice', ['padded', 'start0', 'frames_len', 'axis2'], ['previous']),
    node('Sub', ['speech', 'previous'], ['diff']),
    node('Relu', ['diff'], ['onset']),
    node('CumSum', ['onset', 'axis_scalar'], ['run']),
    node('Add', ['run', 'two_f'], ['run_shift']), // (run − 1) + 3 ≥ 0 for fmod
    node('Mod', ['run_shift', 'three_f'], ['local'], { fmod: 1 }),
    node('Sub', ['local', 'speaker_ids'], ['dist']), // [N,3,F]
    node('Abs', ['dist'], ['adist']),
    node('Sub', ['one', 'adist'], ['near']),
    node('Relu', ['near'], ['onehot']),
    node('Mul', ['onehot', 'speech'], ['active']), // [N,3,F]
    node('Sub', ['one', 'speech'], ['silence']), // [N,1,F]
    node('Mul', ['active', 'zero_f'], ['zeros3']),
    node('Sub', ['zeros3', 'one'], ['pairs']), // overlap classes never win
    node('Concat', ['silence', 'active', 'pairs'], ['scores'], { axis: 1 }), // [N,7,F]
    node('Transpose', ['scores'], ['scores_t'], { perm: [0, 2, 1] }),
    node('Mul', ['scores_t', 'sharpness'], ['logits']),
    node('LogSoftmax', ['logits'], ['y'], { axis: 2 }),
  ];
  const initializers = [
    tensor('box', [1, 1, R], new Float32Array(R).fill(1 / R)),
    tensor('tiny', [], [1e-10]),
    tensor('db_per_ln', [], [10 / Math.LN10]),
    tensor('relative_db', [], [RELATIVE_DB]),
    tensor('floor_db', [], [FLOOR_DB]),
    tensor('pad_left', [6], [0, 0, 1, 0, 0, 0], INT64),
    tensor('zero', [], [0]),
    tensor('two', [1], [2], INT64),
    tensor('start0', [1], [0], INT64),
    tensor('axis2', [1], [2], INT64),
    tensor('axis_scalar', [], [2], INT64),
    tensor('two_f', [], [2]),
    tensor('three_f', [], [3]),
    tensor('speaker_ids', [1, 3, 1], [0, 1, 2]),
    tensor('one', [], [1]),
    tensor('zero_f', [], [0]),
    tensor('sharpness', [], [8]),
  ];
  return model({
    name: 'risalah-test-segmentation',
    doc: 'Designed test model with the pyannote segmentation-3.0 interface (speech energy + pauses). Not for real use.',
    nodes,
    initializers,
    inputs: [valueInfo('x', ['N', 1, 'T'])],
    outputs: [valueInfo('y', ['N', 'F', m.num_classes])],
    metadata: {
      ...m,
      model_type: 'pyannote-segmentation-3.0',
      version: '1',
      model_author: 'risalah (designed test model)',
      maintainer: 'risalah',
      license: 'test fixture',
    },
  });
}

export const EMBEDDING_DIM = 192;
const FEAT_DIM = 80;
const STATS = 2 * FEAT_DIM;

/** An orthonormal STATS×DIM matrix (columns of a DCT-II basis of size DIM): keeps cosines. */
function projection() {
  const P = new Float32Array(STATS * EMBEDDING_DIM);
  const N = EMBEDDING_DIM;
  for (let i = 0; i < STATS; i++) {
    for (let j = 0; j < N; j++) {
      const a = j === 0 ? Math.sqrt(1 / N) : Math.sqrt(2 / N);
      P[i * N + j] = a * Math.cos((Math.PI * (i + 0.5) * j) / N);
    }
  }
  return P;
}

/**
 * @param {{ center?: number[] | null }} [opts] `center: null` writes the model without the
 *   population mean (its output is then the raw statistics, padded: used to measure the mean).
 */
export function embeddingModel({ center = POPULATION_MEAN } = {}) {
  const nodes = [
    node('ReduceMean', ['feats'], ['frame_mean'], { axes: [2], keepdims: 1 }), // [B,T,1]
    node('ReduceMax', ['frame_mean'], ['loudest'], { axes: [1], keepdims: 1 }), // [B,1,1]
    node('Sub', ['frame_mean', 'loudest'], ['below']),
    node('Add', ['below', 'voiced_margin'], ['margin']),
    node('Mul', ['margin', 'voiced_slope'], ['gate_in']),
    node('Sigmoid', ['gate_in'], ['w']), // [B,T,1]
    node('ReduceSum', ['w', 'axis1'], ['w_sum'], { keepdims: 1 }),
    node('Sub', ['feats', 'frame_mean'], ['shape']), // frame-normalised spectrum
    node('Mul', ['shape', 'w'], ['ws']),
    node('ReduceSum', ['ws', 'axis1'], ['ws_sum'], { keepdims: 1 }),
    node('Div', ['ws_sum', 'w_sum'], ['mu']), // [B,1,80]
    node('Sub', ['shape', 'mu'], ['dev']),
    node('Mul', ['dev', 'dev'], ['dev2']),
    node('Mul', ['dev2', 'w'], ['wdev2']),
    node('ReduceSum', ['wdev2', 'axis1'], ['wdev2_sum'], { keepdims: 1 }),
    node('Div', ['wdev2_sum', 'w_sum'], ['var']),
    node('Add', ['var', 'var_eps'], ['var_e']),
    node('Sqrt', ['var_e'], ['sd']),
    node('Concat', ['mu', 'sd'], ['stats3'], { axis: 2 }), // [B,1,160]
    node('Reshape', ['stats3', 'flat_shape'], ['stats']),
  ];
  const initializers = [
    tensor('voiced_margin', [], [3]),
    tensor('voiced_slope', [], [3]),
    tensor('axis1', [1], [1], INT64),
    tensor('var_eps', [], [1e-6]),
    tensor('flat_shape', [2], [0, STATS], INT64),
  ];
  if (center) {
    if (center.length !== STATS) throw new Error(`population mean must have ${STATS} values`);
    nodes.push(node('Sub', ['stats', 'center'], ['centred']), node('MatMul', ['centred', 'projection'], ['embs']));
    initializers.push(tensor('center', [STATS], center), tensor('projection', [STATS, EMBEDDING_DIM], projection()));
  } else {
    nodes.push(node('Pad', ['stats', 'pad_dim'], ['embs']));
    initializers.push(tensor('pad_dim', [4], [0, 0, 0, EMBEDDING_DIM - STATS], INT64));
  }
  return model({
    name: 'risalah-test-embedding',
    doc: 'Designed test speaker-embedding model (log-mel statistics pooling). Not for real use.',
    nodes,
    initializers,
    inputs: [valueInfo('feats', ['B', 'T', FEAT_DIM])],
    outputs: [valueInfo('embs', ['B', EMBEDDING_DIM])],
    metadata: {
      framework: 'wespeaker',
      output_dim: EMBEDDING_DIM,
      sample_rate: 16000,
      normalize_samples: 1,
      language: 'id',
      comment: 'risalah designed test model: statistics pooling of log-mel energies',
      url: 'test fixture',
    },
  });
}

/** See the header: measured once with `embeddingModel({ center: null })`. */
// prettier-ignore
export const POPULATION_MEAN = [
  // per-bin mean of the frame-normalised log-mel spectrum (80), then its standard deviation (80)
  -6.25, -5.37, -4.08, -3.16, -2.33, -1.73, -1.23, -0.74, -0.62, -0.5, -0.39, -0.19, 0.11, 0.4, 0.49, 0.77,
  0.83, 0.65, 0.6, 0.69, 0.94, 0.75, 0.86, 0.86, 0.63, 0.68, 0.37, 0.28, 0.14, -0.16, -0.34, -0.32,
  -0.1, 0.13, 0.38, 0.57, 0.77, 0.79, 0.68, 0.51, 0.31, -0.1, -0.24, -0.59, -0.74, -0.67, -0.43, -0.06,
  0.48, 1.09, 1.59, 1.72, 1.76, 1.67, 1.69, 1.93, 2.33, 2.61, 2.63, 2.6, 2.83, 2.92, 2.61, 1.92,
  1, 0.22, -0.26, -0.66, -1.21, -1.69, -2.08, -2.27, -2.3, -2.24, -1.94, -1.61, -1.14, -0.51, 0.08, 0.37,
  1.62, 1.88, 1.99, 1.8, 1.82, 1.91, 2.16, 2.28, 2.19, 2.13, 2.09, 2.11, 2.01, 1.93, 1.86, 1.85,
  1.82, 1.86, 2.1, 2.24, 2.51, 2.82, 2.98, 3.1, 3.34, 3.45, 3.5, 3.45, 3.43, 3.37, 3.27, 3.22,
  3.27, 3.37, 3.41, 3.39, 3.32, 3.12, 2.84, 2.61, 2.47, 2.42, 2.5, 2.67, 2.82, 2.99, 3.01, 2.82,
  2.49, 2.24, 2.16, 2.23, 2.3, 2.31, 2.12, 1.87, 1.78, 1.8, 1.88, 1.81, 1.62, 1.55, 1.78, 2.2,
  2.49, 2.54, 2.61, 2.82, 2.99, 3.04, 3.02, 2.9, 2.84, 2.9, 2.86, 2.87, 2.74, 2.43, 2.14, 2.02,
];
