/**
 * What an .onnx file declares, read without onnxruntime, and whether it fits sherpa-onnx.
 *
 * Owns: a minimal protobuf wire-format reader for the parts of onnx.proto that say what a model
 * takes and gives (ModelProto: ir_version 1, graph 7, opset_import 8, metadata_props 14;
 * GraphProto: initializer 5 (names only), input 11, output 12; ValueInfoProto / TypeProto /
 * TensorShapeProto), and the checks of a diarization model against what sherpa-onnx reads
 * (sherpa-onnx/csrc/offline-speaker-segmentation-pyannote-model.cc,
 * speaker-embedding-extractor-model.cc and -nemo-model.cc, offline-speaker-diarization-pyannote-
 * impl.h).
 *
 * Why before sherpa-onnx sees the file: sherpa-onnx ends the whole process (`exit(-1)`) on a
 * missing metadata key or an unsupported value, and a model whose inputs are wrong fails deep in
 * onnxruntime. Checking here gives the user a translated reason (DIARIZATION_MODEL_INVALID)
 * instead of a dead engine. Initializers' tensor data are skipped, never decoded.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { RisalahError } from '../errors';

export interface OnnxValue {
  name: string;
  /** 1 float, 7 int64… (onnx TensorProto.DataType); 0 when not a tensor. */
  elemType: number;
  /** Each dimension: a number when fixed, a name when symbolic, null when unknown. */
  shape: (number | string | null)[] | null;
}

export interface OnnxInfo {
  irVersion: number;
  opset: number | null;
  /** The graph inputs a caller must feed (initializers excluded). */
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  metadata: Record<string, string>;
}

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end || shift > 63n) throw new Error('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  /** Each field: its number and a reader over its bytes (length-delimited) or its value. */
  *fields(): Generator<{ field: number; wire: number; value: bigint; sub: Reader | null }> {
    while (this.pos < this.end) {
      const k = Number(this.varint());
      const field = k >>> 3;
      const wire = k & 7;
      if (field === 0) throw new Error('field number 0');
      if (wire === 0) yield { field, wire, value: this.varint(), sub: null };
      else if (wire === 1) {
        this.skip(8);
        yield { field, wire, value: 0n, sub: null };
      } else if (wire === 5) {
        this.skip(4);
        yield { field, wire, value: 0n, sub: null };
      } else if (wire === 2) {
        const len = Number(this.varint());
        const start = this.pos;
        this.skip(len);
        yield { field, wire, value: BigInt(len), sub: new Reader(this.buf, start, start + len) };
      } else throw new Error(`unsupported wire type ${wire}`);
    }
  }
  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new Error('truncated field');
    this.pos += n;
  }
  text(): string {
    return this.buf.toString('utf8', this.pos, this.end);
  }
}

function readShape(r: Reader): (number | string | null)[] {
  const dims: (number | string | null)[] = [];
  for (const f of r.fields()) {
    if (f.field !== 1 || !f.sub) continue;
    let dim: number | string | null = null;
    for (const d of f.sub.fields()) {
      if (d.field === 1 && d.wire === 0) dim = Number(BigInt.asIntN(64, d.value));
      else if (d.field === 2 && d.sub) dim = d.sub.text();
    }
    dims.push(dim);
  }
  return dims;
}

function readValueInfo(r: Reader): OnnxValue {
  const v: OnnxValue = { name: '', elemType: 0, shape: null };
  for (const f of r.fields()) {
    if (f.field === 1 && f.sub) v.name = f.sub.text();
    else if (f.field === 2 && f.sub) {
      for (const t of f.sub.fields()) {
        if (t.field !== 1 || !t.sub) continue; // tensor_type
        for (const tt of t.sub.fields()) {
          if (tt.field === 1 && tt.wire === 0) v.elemType = Number(tt.value);
          else if (tt.field === 2 && tt.sub) v.shape = readShape(tt.sub);
        }
      }
    }
  }
  return v;
}

/** Parses the ONNX header of a model held in memory; throws a plain Error when it is not ONNX. */
export function parseOnnx(buf: Buffer): OnnxInfo {
  let irVersion = 0;
  let opset: number | null = null;
  let graph: Reader | null = null;
  const metadata: Record<string, string> = {};
  for (const f of new Reader(buf).fields()) {
    if (f.field === 1 && f.wire === 0) irVersion = Number(f.value);
    else if (f.field === 7 && f.sub) graph = f.sub;
    else if (f.field === 8 && f.sub) {
      let domain = '';
      let version = 0;
      for (const o of f.sub.fields()) {
        if (o.field === 1 && o.sub) domain = o.sub.text();
        else if (o.field === 2 && o.wire === 0) version = Number(o.value);
      }
      if (domain === '' || domain === 'ai.onnx') opset = version;
    } else if (f.field === 14 && f.sub) {
      let k = '';
      let v = '';
      for (const e of f.sub.fields()) {
        if (e.field === 1 && e.sub) k = e.sub.text();
        else if (e.field === 2 && e.sub) v = e.sub.text();
      }
      metadata[k] = v;
    }
  }
  if (!graph || irVersion <= 0 || irVersion > 100) throw new Error('no ONNX graph');
  const inputs: OnnxValue[] = [];
  const outputs: OnnxValue[] = [];
  const initializers = new Set<string>();
  for (const f of graph.fields()) {
    if (!f.sub) continue;
    if (f.field === 11) inputs.push(readValueInfo(f.sub));
    else if (f.field === 12) outputs.push(readValueInfo(f.sub));
    else if (f.field === 5) {
      for (const t of f.sub.fields()) if (t.field === 8 && t.sub) initializers.add(t.sub.text());
    }
  }
  if (!outputs.length) throw new Error('the graph has no outputs');
  return { irVersion, opset, inputs: inputs.filter((i) => !initializers.has(i.name)), outputs, metadata };
}

/** The largest model file read whole (the biggest published speaker-embedding model is ≈ 220 MB). */
const MAX_MODEL_BYTES = 600 * 1024 * 1024;

export type DiarizationModelKind = 'segmentation' | 'embedding';

function invalid(file: string, reason: string): RisalahError {
  return new RisalahError('DIARIZATION_MODEL_INVALID', `${file}: ${reason}`, { file: path.basename(file), reason });
}

/** Reads a model file's header; DIARIZATION_MODEL_MISSING / _INVALID when it is absent or not ONNX. */
export async function inspectOnnxFile(file: string): Promise<OnnxInfo> {
  const fh = await open(file, 'r').catch(() => {
    throw new RisalahError('DIARIZATION_MODEL_MISSING', `model file not found: ${file}`, { file: path.basename(file) });
  });
  try {
    const { size } = await fh.stat();
    if (size === 0) throw invalid(file, 'empty file');
    if (size > MAX_MODEL_BYTES) throw invalid(file, `too large (${size} bytes)`);
    const buf = Buffer.alloc(size);
    await fh.read(buf, 0, size, 0);
    try {
      return parseOnnx(buf);
    } catch (e) {
      throw invalid(file, `not an ONNX model (${(e as Error).message})`);
    }
  } finally {
    await fh.close();
  }
}

const FLOAT = 1;
const INT64 = 7;

function intMeta(meta: Record<string, string>, key: string, problems: string[]): number {
  const raw = meta[key];
  if (raw === undefined || raw === '') {
    problems.push(`metadata "${key}" is missing`);
    return NaN;
  }
  const n = Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || n < 0) problems.push(`metadata "${key}" is not a number ≥ 0 (${raw})`);
  return n;
}

function fixed(d: number | string | null | undefined): number | null {
  return typeof d === 'number' && d > 0 ? d : null;
}

function describe(v: OnnxValue): string {
  return `${v.name}[${(v.shape ?? ['?']).map((d) => d ?? '?').join(',')}]`;
}

/** The problems that would make sherpa-onnx refuse (or exit on) this model; [] when it fits. */
export function diarizationModelProblems(kind: DiarizationModelKind, info: OnnxInfo): string[] {
  const p: string[] = [];
  const meta = info.metadata;
  if (kind === 'segmentation') {
    const sr = intMeta(meta, 'sample_rate', p);
    const window = intMeta(meta, 'window_size', p);
    intMeta(meta, 'receptive_field_size', p);
    const shift = intMeta(meta, 'receptive_field_shift', p);
    const speakers = intMeta(meta, 'num_speakers', p);
    const maxClasses = intMeta(meta, 'powerset_max_classes', p);
    const classes = intMeta(meta, 'num_classes', p);
    if (p.length) return p;
    if (sr !== 16000) p.push(`sample_rate is ${sr}, not 16000`);
    if (window <= 0 || shift <= 0 || speakers <= 0) p.push('window_size, receptive_field_shift and num_speakers must be > 0');
    if (maxClasses < 1 || maxClasses > 2) p.push(`powerset_max_classes ${maxClasses} is not supported (1 or 2)`);
    const expected = 1 + speakers + (maxClasses === 2 ? (speakers * (speakers - 1)) / 2 : 0);
    if (classes !== expected) p.push(`num_classes is ${classes}, the powerset of ${speakers} speakers has ${expected}`);
    const [x] = info.inputs;
    if (info.inputs.length !== 1 || !x) p.push(`expects one input (samples [N,1,T]), has ${info.inputs.length}: ${info.inputs.map(describe).join(', ')}`);
    else if (x.elemType !== FLOAT || (x.shape && (x.shape.length !== 3 || (fixed(x.shape[1]) ?? 1) !== 1))) {
      p.push(`input ${describe(x)} is not float samples [N,1,T]`);
    }
    const y = info.outputs[0]!;
    if (y.shape && (y.shape.length !== 3 || (fixed(y.shape[2]) ?? classes) !== classes)) p.push(`output ${describe(y)} is not [N,frames,${classes}]`);
    return p;
  }
  const framework = meta.framework ?? '';
  if (!['wespeaker', '3d-speaker', 'nemo'].includes(framework)) {
    p.push(framework ? `framework "${framework}" is not wespeaker, 3d-speaker or nemo` : 'metadata "framework" is missing (not a speaker-embedding model)');
    return p;
  }
  const dim = intMeta(meta, 'output_dim', p);
  const sr = intMeta(meta, 'sample_rate', p);
  if (!meta.language) p.push('metadata "language" is missing');
  const norm = meta.feature_normalize_type ?? '';
  if (norm !== '' && norm !== 'global-mean' && framework !== 'nemo') p.push(`feature_normalize_type "${norm}" is not supported`);
  let featDim = 80;
  if (framework === 'nemo') {
    featDim = intMeta(meta, 'feat_dim', p);
    intMeta(meta, 'window_size_ms', p);
    intMeta(meta, 'window_stride_ms', p);
  } else intMeta(meta, 'normalize_samples', p);
  if (p.length) return p;
  if (sr !== 16000) p.push(`sample_rate is ${sr}, not 16000`);
  if (dim <= 0) p.push('output_dim must be > 0');
  const want = framework === 'nemo' ? 2 : 1;
  const x = info.inputs[0];
  if (info.inputs.length !== want || !x) p.push(`expects ${want} input(s) (features [B,T,${featDim}]), has ${info.inputs.length}: ${info.inputs.map(describe).join(', ')}`);
  else if (x.elemType !== FLOAT || (x.shape && x.shape.length !== 3)) p.push(`input ${describe(x)} is not float features of rank 3`);
  else if (framework !== 'nemo' && x.shape && (fixed(x.shape[2]) ?? featDim) !== featDim) p.push(`input ${describe(x)} does not take ${featDim} filterbank bins`);
  if (framework === 'nemo' && info.inputs[1] && info.inputs[1].elemType !== INT64) p.push(`input ${describe(info.inputs[1])} is not the int64 lengths`);
  const y = info.outputs[0]!;
  if (y.shape && (y.shape.length !== 2 || (fixed(y.shape[1]) ?? dim) !== dim)) p.push(`output ${describe(y)} is not [B,${dim}]`);
  return p;
}

/** Checks a model file for its role; the header when it fits, DIARIZATION_MODEL_INVALID otherwise. */
export async function checkDiarizationModel(kind: DiarizationModelKind, file: string): Promise<OnnxInfo> {
  const info = await inspectOnnxFile(file);
  const problems = diarizationModelProblems(kind, info);
  if (problems.length) {
    const role = kind === 'segmentation' ? 'a pyannote segmentation model' : 'a speaker-embedding model';
    throw invalid(file, `not ${role}: ${problems.join('; ')}`);
  }
  return info;
}
