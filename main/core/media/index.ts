/**
 * The media module (everything ffmpeg).
 *
 * Owns: the public surface of main/core/media — locating ffmpeg (`resolveFfmpeg`), probing and
 * classifying files (`probeMedia`, `inspectMedia`), decoding to 16 kHz mono PCM (`decodePcm`),
 * the one-pass analysis (`analyzeMedia`: exact duration, waveform peaks, TRUNCATED…) and the
 * peaks file format (`encodePeaks`/`decodePeaks`). See docs/media.md.
 */
export { resolveFfmpeg, clearFfmpegCache, bundledBinaries, findOnPath } from './ffmpeg';
export type { FfmpegTools, FfmpegSource, ResolveFfmpegOptions } from './ffmpeg';
export { probeMedia } from './probe';
export type { MediaProbe, AudioStreamInfo, VideoStreamInfo, DurationSource, ProbeOptions } from './probe';
export { decodePcm, PcmStream } from './decode';
export type { DecodeOptions, DecodeSummary, DecodeWarning, PcmFormat } from './decode';
export { analyzeMedia, inspectMedia, ANALYSIS_SAMPLE_RATE, DEFAULT_PEAKS_PER_SECOND } from './analyze';
export type { AnalyzeOptions, MediaAnalysis, MediaInspection, MediaKind, MediaWarning } from './analyze';
export { PeakBuilder, encodePeaks, decodePeaks } from './peaks';
export type { WaveformPeaks } from './peaks';
