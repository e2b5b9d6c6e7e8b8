/**
 * Files for the user: an export the host made (`ExportFile`: name, type, base64 bytes) saved
 * through an `<a download>` with an object URL, and text put on the clipboard.
 */
import type { ExportFile } from '../../main/api/schemas';

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Save a file the host made, under its own name. */
export function downloadExport(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([bytesOf(file.base64)], { type: file.mime }));
  downloadUrl(url, file.fileName);
  // The browser has the bytes once the click is handled; free them a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Save what a URL of the host serves (e.g. a quote's clip) under the given name. */
export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Put text on the clipboard (the Clipboard API, else the old copy command). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // not permitted here (no secure context, no focus): try the old way
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}
