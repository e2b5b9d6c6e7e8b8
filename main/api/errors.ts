/**
 * Error codes of the API contract.
 *
 * Owns: the closed list of codes a call may answer with, and the envelope shape.
 * A *user* error (bad input, a missing event, a file that is not media) carries a code from this
 * list and parameters for its translated message (`errors.<CODE>` in resources/locales/*.json).
 * Anything else is `INTERNAL`: the message is generic and the details go to the host's log.
 */
export const ERROR_CODES = [
  /** The payload failed its schema (wrong types, unknown fields, a path outside the archive). */
  'INVALID_INPUT',
  /** The call name does not exist in the contract. */
  'UNKNOWN_CALL',
  /** The web host asked for a token and none (or a wrong one) came. */
  'UNAUTHORIZED',
  /** An event, recording, speaker, quote… with that id does not exist. */
  'NOT_FOUND',
  /** The change conflicts with what is on disk (e.g. a stale revision). */
  'CONFLICT',
  /** The archive folder cannot be opened or written (permissions, not a Risalah archive). */
  'ARCHIVE_UNAVAILABLE',
  /** The archive was written by a newer Risalah than this one. */
  'ARCHIVE_TOO_NEW',
  /** A path inside the archive is a symbolic link or junction, or leads outside it: refused, never followed. */
  'ARCHIVE_UNSAFE_PATH',
  /** Another process holds the archive's lock for too long (a hung app or CLI on the same folder). */
  'ARCHIVE_BUSY',
  /** A program or script (exe, bat, sh…, or a file that starts like one) given as an attachment: refused. */
  'ATTACHMENT_PROGRAM',
  /** A file is larger than the app accepts for its kind. */
  'FILE_TOO_LARGE',
  /** A media file given for import does not exist or cannot be read. */
  'FILE_UNREADABLE',
  /** A media file is empty (0 bytes). */
  'MEDIA_EMPTY',
  /** A file is not audio or video that ffmpeg can read. */
  'MEDIA_NOT_MEDIA',
  /** A media file has no audio stream (e.g. a silent screen recording, an image). */
  'MEDIA_NO_AUDIO',
  /** A media file is damaged beyond reading (e.g. an m4a whose index was never written). */
  'MEDIA_DAMAGED',
  /** A transcript file brought for import is not SRT, WebVTT or "Nama: …" text that can be read. */
  'TRANSCRIPT_INVALID',
  /** ffmpeg/ffprobe could not be found or did not run. */
  'FFMPEG_MISSING',
  /** No Whisper model is installed, or the given model file does not exist. */
  'MODEL_MISSING',
  /** The model file is not a whisper.cpp ggml model, or is damaged. */
  'MODEL_INVALID',
  /** A model download could not reach the server (no internet connection). */
  'MODEL_DOWNLOAD_OFFLINE',
  /** A model download failed (HTTP error, connection lost); the part downloaded is kept. */
  'MODEL_DOWNLOAD_FAILED',
  /** A model file does not match its published checksum: damaged or altered, not installed. */
  'MODEL_HASH_MISMATCH',
  /** The disk is full. */
  'DISK_FULL',
  /** The transcription engine (the whisper sidecar binary) is not built or cannot start. */
  'ENGINE_MISSING',
  /** The transcription engine process died (crash, kill, out of memory). */
  'ENGINE_CRASHED',
  /** The engine reported a failure for a request (e.g. unreadable PCM). */
  'ENGINE_FAILED',
  /** No speaker-diarization model is installed, or the given model file does not exist. */
  'DIARIZATION_MODEL_MISSING',
  /** A speaker-diarization model file is not ONNX, or not the kind of model its role needs. */
  'DIARIZATION_MODEL_INVALID',
  /** The speaker-diarization engine process died (crash, kill, out of memory). */
  'DIARIZATION_CRASHED',
  /** The operation was cancelled by the user. */
  'CANCELLED',
  /** Anything unexpected: a bug or an environment failure. Details are in the log. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Parameters interpolated into the translated message, e.g. `{ file: 'rekaman.m4a' }`. */
export type ErrorParams = Record<string, string | number>;

export interface ApiError {
  code: ErrorCode;
  /** A plain-English technical message for logs and scripts; the UI translates `code` + `params`. */
  message: string;
  params?: ErrorParams;
  /** For INVALID_INPUT: which fields failed, as `path: problem` lines. */
  issues?: string[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };
