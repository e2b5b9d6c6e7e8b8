/**
 * `risalah` — the command line.
 *
 * Owns: parsing commands and options, printing results (human text, or JSON with --json) to
 * stdout and progress/errors to stderr, and exit codes (0 ok, 1 a user error, 2 wrong usage,
 * 70 an internal failure). Commands drive the same core as the app.
 */
import { commandDiarize } from './diarize';
import { commandEvents, commandEventCreate } from './events';
import { describeError, t } from './i18n';
import { commandImport } from './import';
import { commandModels } from './models';
import { commandTranscribe } from './transcribe';
import { commandQuotes, commandSpeakers, commandTranscript } from './writers';
import { commandSearch } from './search';
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
  transcribe RECORDING_ID [--archive DIR] [--model PATH] [--lang id|en|jv|su|auto] [--threads N] [--json]
  transcribe FILE [--model PATH] [--lang L] [--threads N] [--format srt|vtt|txt|json] [--out F]
         Transkripsikan rekaman arsip atau berkas apa pun dengan Whisper (tanpa internet).
         Jika terputus (Ctrl+C, laptop mati), perintah yang sama melanjutkan dari segmen terakhir.
         --vad off: jangan lewati bagian hening. Tanpa --model: model yang dipilih/terpasang.
  diarize RECORDING_ID [--speakers N] [--archive DIR] [--json]
         Kenali pembicara: beri label "Pembicara 1…N" pada transkrip (pilihan Anda tetap), dengan
         saran nama dari sidik suara. --speakers: perkiraan jumlah pembicara. --json: giliran
         bicara { start, end, speaker } dalam detik dan saran tiap klaster.
  models list [--json]
  models import FILE [--json]
         Model di komputer ini: Whisper (.bin) dan pengenal pembicara (.onnx: segmentasi dan
         suara pembicara); impor berkas model (mis. dari flashdisk), dicek hash-nya.
  transcript import RECORDING_ID FILE [--archive DIR]      (SRT, VTT, atau teks "Nama: …")
  transcript export RECORDING_ID --format txt|srt|vtt|json|docx --out F [--archive DIR]
  speakers add --name N [--title JABATAN] [--org INSTANSI] [--archive DIR] [--json]
  speakers list [--archive DIR] [--json]
  quotes add --recording ID --start S --end E [--text T] [--speaker ID] [--archive DIR] [--json]
  quotes list [--speaker NAMA] [--event ID] [--archive DIR] [--json]
  quotes copy QUOTE_ID [--plain] [--archive DIR]   (“…,” ujar Nama, Jabatan.)
  quotes clip QUOTE_ID --out F.mp3 [--archive DIR]
  search KATA… [--speaker NAMA] [--type TYPE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--affixes] [--archive DIR] [--json]
         Cari di semua transkrip, kutipan, dan data acara. "frasa persis", awalan*; --affixes:
         "pembinaan" juga menemukan "membina" dan "binaan".

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
      case 'transcribe':
        return await commandTranscribe(rest);
      case 'models':
        return await commandModels(rest);
      case 'diarize':
        return await commandDiarize(rest);
      case 'transcript':
        return await commandTranscript(rest);
      case 'speakers':
        return await commandSpeakers(rest);
      case 'quotes':
        return await commandQuotes(rest);
      case 'search':
        return await commandSearch(rest);
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
