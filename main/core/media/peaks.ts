/**
 * Waveform peaks.
 *
 * Owns: the waveform summary the UI draws — per bucket of `samplesPerPeak` samples of the
 * 16 kHz mono PCM, the minimum and maximum sample as signed 8-bit values (sample >> 8) — its
 * incremental computation from s16le PCM (`PeakBuilder`), and its file format.
 *
 * Resolution: 50 peaks per second by default (320 samples per bucket at 16 kHz, 20 ms): a
 * 3-hour recording gives 540 000 pairs = 1.08 MB, enough to zoom to word level in the editor
 * while an overview of the whole file is a cheap downsample (max of maxima / min of minima).
 *
 * File format: BBC audiowaveform binary data format, version 1, 8-bit
 * (https://github.com/bbc/audiowaveform/blob/master/doc/DataFormat.md), readable by
 * waveform-data.js / peaks.js. Little-endian header of 20 bytes:
 *   int32 version = 1, uint32 flags = 1 (8-bit), int32 sample rate = 16000,
 *   int32 samples per pixel, uint32 length (number of min/max pairs)
 * then `length` pairs of int8 (min, max).
 */

export interface WaveformPeaks {
  /** Sample rate of the PCM the peaks were computed from (16000). */
  sampleRate: number;
  /** Samples per bucket (320 for 50 peaks per second at 16 kHz). */
  samplesPerPeak: number;
  /** Number of buckets = ceil(samples / samplesPerPeak); the last one may be partial. */
  length: number;
  /** Interleaved pairs: data[2i] = min, data[2i+1] = max of bucket i, as int8 (sample >> 8). */
  data: Int8Array;
}

const HEADER_BYTES = 20;

/** Accumulates min/max pairs from s16le PCM chunks of any size. */
export class PeakBuilder {
  private data: Int8Array;
  private length = 0;
  private inBucket = 0;
  private min = 0;
  private max = 0;

  constructor(
    readonly sampleRate: number,
    readonly samplesPerPeak: number,
    /** Expected number of samples, to size the buffer once (optional). */
    expectedSamples?: number,
  ) {
    if (!Number.isInteger(samplesPerPeak) || samplesPerPeak < 1) throw new RangeError('samplesPerPeak must be a positive integer');
    const guess = expectedSamples ? Math.ceil(expectedSamples / samplesPerPeak) + 16 : 4096;
    this.data = new Int8Array(2 * Math.max(guess, 16));
  }

  /** Adds s16le samples (a Buffer of whole samples). */
  push(pcm: Buffer): void {
    const n = pcm.length >> 1;
    const samples =
      pcm.byteOffset % 2 === 0
        ? new Int16Array(pcm.buffer, pcm.byteOffset, n)
        : new Int16Array(Uint8Array.from(pcm.subarray(0, n * 2)).buffer);
    const spp = this.samplesPerPeak;
    let { inBucket, min, max } = this;
    for (let i = 0; i < n; i++) {
      const s = samples[i] as number;
      if (inBucket === 0) {
        min = s;
        max = s;
      } else {
        if (s < min) min = s;
        if (s > max) max = s;
      }
      if (++inBucket === spp) {
        this.emit(min, max);
        inBucket = 0;
      }
    }
    this.inBucket = inBucket;
    this.min = min;
    this.max = max;
  }

  private emit(min: number, max: number): void {
    if (2 * this.length + 2 > this.data.length) {
      const bigger = new Int8Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[2 * this.length] = min >> 8;
    // Round the maximum up so that quiet positive peaks do not vanish: 1..256 → 1.
    this.data[2 * this.length + 1] = Math.min(127, (max + 255) >> 8);
    this.length++;
  }

  /** Closes the last, partial bucket and returns the peaks. */
  finish(): WaveformPeaks {
    if (this.inBucket > 0) {
      this.emit(this.min, this.max);
      this.inBucket = 0;
    }
    return {
      sampleRate: this.sampleRate,
      samplesPerPeak: this.samplesPerPeak,
      length: this.length,
      data: this.data.slice(0, 2 * this.length),
    };
  }
}

/** Serializes peaks to the audiowaveform v1 8-bit binary format (see the module header). */
export function encodePeaks(p: WaveformPeaks): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + 2 * p.length);
  out.writeInt32LE(1, 0);
  out.writeUInt32LE(1, 4);
  out.writeInt32LE(p.sampleRate, 8);
  out.writeInt32LE(p.samplesPerPeak, 12);
  out.writeUInt32LE(p.length, 16);
  Buffer.from(p.data.buffer, p.data.byteOffset, 2 * p.length).copy(out, HEADER_BYTES);
  return out;
}

/** Parses `encodePeaks` output (audiowaveform v1, 8-bit, or v2 with one channel). */
export function decodePeaks(buf: Uint8Array): WaveformPeaks {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < HEADER_BYTES) throw new Error('waveform data: too short');
  const version = b.readInt32LE(0);
  const flags = b.readUInt32LE(4);
  if (version !== 1 && version !== 2) throw new Error(`waveform data: unsupported version ${version}`);
  if ((flags & 1) !== 1) throw new Error('waveform data: only 8-bit data is supported');
  const sampleRate = b.readInt32LE(8);
  const samplesPerPeak = b.readInt32LE(12);
  const length = b.readUInt32LE(16);
  let offset = HEADER_BYTES;
  if (version === 2) {
    if (b.length < 24 || b.readInt32LE(20) !== 1) throw new Error('waveform data: only one channel is supported');
    offset = 24;
  }
  if (b.length !== offset + 2 * length) throw new Error('waveform data: length does not match the header');
  const data = new Int8Array(2 * length);
  data.set(new Int8Array(b.buffer, b.byteOffset + offset, 2 * length));
  return { sampleRate, samplesPerPeak, length, data };
}
