/**
 * Sending a file to the host ahead of an import: the upload route of the contract
 * (`POST /api/upload`, main/api/routes.ts) with the raw bytes (served the same by Electron's
 * risalah:// protocol and by `risalah serve`). XMLHttpRequest rather than fetch, for its upload
 * progress events.
 */
import { ApiCallError } from '../../main/api/client';
import type { Envelope } from '../../main/api/errors';
import { uploadRoute, type UploadResult } from '../../main/api/routes';

export interface UploadHandle {
  promise: Promise<UploadResult>;
  abort(): void;
}

/** The upload was stopped by the user (not an error to show). */
export class UploadAborted extends Error {
  constructor() {
    super('upload aborted');
    this.name = 'UploadAborted';
  }
}

/** The connection failed before the host answered (host stopped, network gone). */
export class UploadNetworkError extends Error {
  constructor(readonly file: string) {
    super(`upload of ${file} failed`);
    this.name = 'UploadNetworkError';
  }
}

export function uploadFile(file: File, onProgress: (loaded: number, total: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadResult>((resolve, reject) => {
    xhr.open('POST', uploadRoute.path);
    xhr.setRequestHeader(uploadRoute.nameHeader, uploadRoute.encodeName(file.name));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onabort = () => reject(new UploadAborted());
    xhr.onerror = () => reject(new UploadNetworkError(file.name));
    xhr.onload = () => {
      let envelope: Envelope<UploadResult> | null;
      try {
        envelope = JSON.parse(xhr.responseText) as Envelope<UploadResult>;
      } catch {
        envelope = null;
      }
      if (envelope?.ok) {
        onProgress(file.size, file.size);
        resolve(envelope.value);
      } else if (envelope && !envelope.ok) {
        reject(new ApiCallError({ ...envelope.error, params: { file: file.name, ...envelope.error.params } }));
      } else {
        reject(
          new ApiCallError({
            code: xhr.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL',
            message: `HTTP ${xhr.status}`,
            params: { file: file.name },
          }),
        );
      }
    };
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
