/**
 * A minimal ONNX writer (no Python here, so models for tests are written from Node).
 *
 * Owns: encoding the few protobuf messages of onnx.proto (onnx/onnx, IR version 8) that a small
 * inference graph needs — ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto with its TypeProto/TensorShapeProto, OperatorSetIdProto, StringStringEntryProto
 * — straight to the protobuf wire format (varints, length-delimited fields, little-endian
 * floats). Field numbers are onnx.proto's; only the fields used here are written.
 *
 * The output is checked by loading it in onnxruntime-node and in sherpa-onnx's onnxruntime
 * (tests/unit/diarization/test-models.test.ts).
 */

// ---- wire format ---------------------------------------------------------------------------

function varint(n) {
  let v = BigInt.asUintN(64, BigInt(n));
  const out = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}

const key = (field, wire) => varint((field << 3) | wire);

/** A message under construction: fields appended in order. */
class Msg {
  parts = [];
  int(field, value) {
    this.parts.push(key(field, 0), varint(value));
    return this;
  }
  float(field, value) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.parts.push(key(field, 5), b);
    return this;
  }
  bytes(field, buf) {
    this.parts.push(key(field, 2), varint(buf.length), buf);
    return this;
  }
  str(field, s) {
    return this.bytes(field, Buffer.from(s, 'utf8'));
  }
  msg(field, m) {
    return this.bytes(field, m.encode());
  }
  encode() {
    return Buffer.concat(this.parts);
  }
}

// ---- onnx.proto ------------------------------------------------------------------------------

export const FLOAT = 1;
export const INT64 = 7;

/** TensorProto: dims 1, data_type 2, name 8, raw_data 9. */
export function tensor(name, dims, data, dataType = FLOAT) {
  const m = new Msg();
  for (const d of dims) m.int(1, d);
  m.int(2, dataType);
  m.str(8, name);
  const arr = dataType === INT64 ? BigInt64Array.from(data, (v) => BigInt(v)) : Float32Array.from(data);
  m.bytes(9, Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
  return m;
}

/** AttributeProto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20. */
function attribute(name, value) {
  const m = new Msg().str(1, name);
  if (typeof value === 'string') return m.str(4, value).int(20, 3);
  if (Array.isArray(value)) {
    if (value.every(Number.isInteger)) {
      for (const v of value) m.int(8, v);
      return m.int(20, 7);
    }
    for (const v of value) m.float(7, v);
    return m.int(20, 6);
  }
  if (value instanceof Msg) return m.msg(5, value).int(20, 4);
  if (typeof value === 'object' && value !== null && 'float' in value) return m.float(2, value.float).int(20, 1);
  if (Number.isInteger(value)) return m.int(3, value).int(20, 2);
  return m.float(2, value).int(20, 1);
}

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
export function node(opType, inputs, outputs, attrs = {}, name = outputs[0]) {
  const m = new Msg();
  for (const i of inputs) m.str(1, i);
  for (const o of outputs) m.str(2, o);
  m.str(3, name).str(4, opType);
  for (const [k, v] of Object.entries(attrs)) m.msg(5, attribute(k, v));
  return m;
}

/** ValueInfoProto of a float tensor; `shape` entries are numbers or symbolic names. */
export function valueInfo(name, shape, elemType = FLOAT) {
  const dims = new Msg();
  for (const d of shape) dims.msg(1, typeof d === 'number' ? new Msg().int(1, d) : new Msg().str(2, d));
  const tensorType = new Msg().int(1, elemType).msg(2, dims);
  return new Msg().str(1, name).msg(2, new Msg().msg(1, tensorType));
}

/**
 * ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8,
 * metadata_props 14. GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12.
 */
export function model({ name, doc, nodes, initializers, inputs, outputs, metadata, opset = 17, producer = 'risalah make-test-model' }) {
  const g = new Msg();
  for (const n of nodes) g.msg(1, n);
  g.str(2, name);
  for (const t of initializers) g.msg(5, t);
  if (doc) g.str(10, doc);
  for (const i of inputs) g.msg(11, i);
  for (const o of outputs) g.msg(12, o);
  const m = new Msg().int(1, 8).str(2, producer).str(3, '1').msg(7, g).msg(8, new Msg().str(1, '').int(2, opset));
  for (const [k, v] of Object.entries(metadata)) m.msg(14, new Msg().str(1, k).str(2, String(v)));
  return m.encode();
}
