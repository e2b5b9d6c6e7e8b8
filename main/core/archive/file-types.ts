/**
 * What kind of file an attachment is, and what may be done with it.
 *
 * Owns: the types of attachments (by extension, and by content for programs), their kind (photo,
 * document, other), the refusal of programs at `attachments.add` (an `evil.exe` or a script
 * renamed `.pdf` could be run by one click on another office's computer), and which attachments
 * the desktop app may open in the computer's own viewer — documents and images only; anything
 * else is only shown in its folder, never executed. Also which outside web pages may be opened
 * (the model sources), always after asking.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AttachmentKind } from '../../api/schemas';
import { RisalahError } from '../errors';

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.heic': 'image/heic',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.bmp': 'image/bmp',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.rtf': 'application/rtf',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.odp': 'application/vnd.oasis.opendocument.presentation',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
};

export function mimeOf(name: string): string {
  return MIME[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

export function kindOf(mime: string): AttachmentKind {
  if (mime.startsWith('image/')) return 'photo';
  if (mime === 'application/octet-stream') return 'other';
  return 'document';
}

/** Extensions of programs and scripts on Windows, macOS and Linux (and shortcuts to them). */
const PROGRAM_EXTENSIONS = new Set(
  (
    '.exe .com .scr .pif .bat .cmd .msi .msp .msc .cpl .dll .sys .drv .ocx .lnk .url .hta .reg .inf .ps1 .psm1 .psd1 ' +
    '.vbs .vbe .js .jse .mjs .cjs .wsf .wsh .jar .gadget .application .appref-ms .scf .chm .iso .img .vhd .vhdx ' +
    '.sh .bash .zsh .csh .ksh .run .bin .appimage .deb .rpm .snap .flatpakref .desktop .py .pyw .pl .rb .php ' +
    '.app .command .pkg .dmg .workflow .apk .xapk .elf .so .dylib'
  ).split(' '),
);

/** Does the file start like a program (Windows PE, ELF, Mach-O, a `#!` script)? */
async function looksLikeProgram(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    const b = head.subarray(0, bytesRead);
    if (b.length >= 2 && b[0] === 0x4d && b[1] === 0x5a) return true; // MZ: Windows PE
    if (b.length >= 2 && b[0] === 0x23 && b[1] === 0x21) return true; // #!: a script
    if (b.length === 4) {
      const word = b.readUInt32BE(0);
      if (word === 0x7f454c46) return true; // ELF
      if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(word)) return true; // Mach-O
    }
    return false;
  } finally {
    await handle.close();
  }
}

/** Refuse a program as an attachment (by its name or its first bytes), naming the file. */
export async function refusePrograms(file: string, originalName: string): Promise<void> {
  const ext = path.extname(originalName).toLowerCase();
  if (PROGRAM_EXTENSIONS.has(ext) || (await looksLikeProgram(file))) {
    throw new RisalahError('ATTACHMENT_PROGRAM', `${originalName} is a program or script: not stored as an attachment`, { file: originalName });
  }
}

/** Types the computer's own viewer may open (documents and images): nothing that can run. */
const VIEWABLE = new Set(Object.keys(MIME));

/** What the desktop app does when an attachment is clicked: open it in its viewer, or only show it in its folder. */
export function openAction(storedName: string): 'open' | 'reveal' {
  return VIEWABLE.has(path.extname(storedName).toLowerCase()) ? 'open' : 'reveal';
}

/** Hosts of web pages the app may open in the browser (where models come from), after asking. */
export const EXTERNAL_HOSTS = ['huggingface.co', 'github.com'] as const;

export function externalAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password && (EXTERNAL_HOSTS as readonly string[]).includes(u.hostname);
  } catch {
    return false;
  }
}
