/**
 * `risalah` — the command line.
 *
 * Owns: parsing commands and options, printing results (human text, or JSON with --json) to
 * stdout and progress/errors to stderr, and exit codes (0 ok, 1 a user error, 2 wrong usage,
 * 70 an internal failure). Commands drive the same core as the app.
 */
import { commandEvents, commandEventCreate } from './events';
import { describeError, t } from './i18n';
import { commandImport } from './import';
import { commandServe } from './serve';
import { UsageError } from './args';

export const USAGE = `risalah <perintah> [opsi]

  serve  [--archive DIR] [--port N] [--host H]
         Layani arsip dan antarmuka untuk peramban. Baris pertama keluaran adalah URL-nya.
  events [--archive DIR] [--type TYPE] [--year YYYY] [--q KATA] [--json]
         Daftar acara di arsip (bisa disaring).
  event create --title T --date YYYY-MM-DD --type TYPE [--archive DIR] [--json]
         Buat acara; mencetak acara baru beserta id-nya.
  import FILE... --event ID [--archive DIR] [--language id|en|jv|su|auto] [--json]
         Impor rekaman (mp3, m4a, mp4, webm, ogg, flac, wav…) ke acara; mencetak id dan durasi
         (detik) tiap rekaman. Kemajuan ditulis ke stderr.

  --archive  folder arsip (bawaan: RISALAH_ARCHIVE, atau ~/Documents/Risalah)
  TYPE       upacara | penandatanganan | rapat | kunjungan_kerja | sosialisasi | pembinaan |
             pelantikan | konferensi_pers | lainnya
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await commandServe(rest);
      case 'events':
        return await commandEvents(rest);
      case 'import':
        return await commandImport(rest);
      case 'event':
        if (rest[0] === 'create') return await commandEventCreate(rest.slice(1));
        throw new UsageError(t('cli.unknownCommand', { command: `event ${rest[0] ?? ''}`.trim() }));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(t('cli.unknownCommand', { command }));
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`risalah: ${t('cli.badOption', { message: e.message })}\n\n${USAGE}`);
      return 2;
    }
    const { message, exitCode } = describeError(e);
    process.stderr.write(`risalah: ${message}\n`);
    if (exitCode === 70) console.error(e);
    return exitCode;
  }
}
