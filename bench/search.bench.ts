/**
 * `npm run bench:search` — search figures on this machine, at the scale of a big archive.
 *
 *  1. Generates an archive of ~1000 events, ~1000 hours of transcripts (~10 M words) with an
 *     Indonesian vocabulary (real words, the domain's among them, affixed forms, names, a long
 *     tail) drawn with a Zipf distribution; several recordings per event (Whisper transcripts with
 *     per-word times, a third also with a working transcript naming directory speakers), quotes,
 *     agreements. Written as real files in the documented shapes; generation is not timed.
 *     BENCH_ARCHIVE=<dir> keeps (and reuses) the generated archive.
 *  2. Full index build (SearchIndex.open on an archive without an index), and its RSS increase;
 *     then the build with the previous stemmer (bench/legacy-stemmer.ts) and with this one, side
 *     by side: BENCH_BUILD_ROUNDS (3) rounds of one build each, in fresh processes, alternating
 *     which goes first; the median of the paired per-round ratios (goal ≤ 1.2), with its spread.
 *     Also the time to stem the archive's distinct words with each.
 *  3. In a new process: cold open (open + first query), then a mix of queries — a common word,
 *     a rare word, two words, a phrase, a prefix (explicit and while typing), affixes on, filters
 *     (speaker, type, date range, event) — median and p95 with snippets; RSS increase.
 *  4. Incremental refresh: nothing changed; one transcript edited.
 *
 * Goals: p95 ≤ 10 ms, cold open ≤ 1 s, full build ≤ 30 s, RSS increase ≤ 50 MB.
 * The last line is JSON with every figure.
 */
import { execFile, spawn } from 'node:child_process';
import { build as esbuild, type Plugin } from 'esbuild';
import { existsSync, promises as fs, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventRecord, EventType, MachineTranscript, Quote, RecordingRecord, WorkingTranscript } from '../main/api/schemas';
import { Archive } from '../main/core/archive/archive';
import { SearchIndex, type SearchOptions } from '../main/core/search';
import { stem as newStem } from '../main/core/search/stemmer';
import { stem as legacyStem } from './legacy-stemmer';

const HOURS = Number(process.env.BENCH_HOURS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const GOALS = { p95Ms: 10, coldOpenMs: 1000, buildMs: 30_000, rssMB: 50, stemmerBuildRatio: 1.2 };
const BUILD_ROUNDS = Number(process.env.BENCH_BUILD_ROUNDS ?? 3);
/** Each query of the mix runs this many times (the first in the mix's order, then shuffled). */
const PASSES = Number(process.env.BENCH_PASSES ?? 5);

const log = (s: string) => process.stderr.write(`${s}\n`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

// ---- a seeded random source ------------------------------------------------------------------

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- vocabulary ------------------------------------------------------------------------------

const FUNCTION_WORDS = `yang dan di ini itu kita dengan untuk ke dari tidak ada akan saya kami juga dalam pada sudah
  bisa karena atau jadi lebih harus oleh para bapak ibu saudara sekalian semua seluruh kepada tersebut sebagai adalah
  bahwa agar tentang terhadap hingga sampai masih sangat kalau maka namun tetapi sehingga setelah sebelum antara
  seperti begitu nah ya terima kasih hari tahun apa bagaimana mana satu dua tiga empat lima pertama kedua baru besar
  baik banyak sama lain setiap bersama secara selalu lagi pun hanya saja telah dapat mereka dia beliau kemudian lalu
  tadi nanti sekarang saat waktu kali mari pak bu yaitu yakni sendiri punya mau ingin perlu memang tentu benar`;

const CONTENT_WORDS = `pemasyarakatan program kegiatan pelaksanaan pelayanan masyarakat pemerintah negara indonesia
  daerah wilayah kantor kepala pimpinan petugas pegawai sumber daya manusia kerja kolaborasi sinergi komitmen dukungan
  upaya peningkatan kualitas kinerja integritas publik informasi media humas berita laporan data evaluasi rencana
  target capaian anggaran bulan minggu tanggal acara kesempatan penghargaan prestasi inovasi transformasi digital
  teknologi sistem aplikasi layanan keamanan ketertiban pengamanan pengawasan pencegahan narkoba narkotika peredaran
  penyalahgunaan razia penggeledahan barang terlarang warga binaan narapidana tahanan lapas rutan bapas lpka
  rupbasan upt kanwil ditjenpas dirjenpas kemenimipas kalapas karutan klien anak pembimbing kemasyarakatan litmas remisi
  asimilasi integrasi reintegrasi pembebasan bersyarat cuti menjelang bebas grasi rehabilitasi pembinaan kemandirian
  kepribadian keterampilan pelatihan produk karya hasil industri bengkel pertanian peternakan perikanan kuliner batik
  kerajinan sertifikat sertifikasi overkapasitas kapasitas hunian blok kamar pengunjung kunjungan keluarga video
  pengaduan hak kewajiban kesehatan klinik dokter obat makanan dapur gizi ibadah masjid gereja pesantren keagamaan
  pramuka olahraga seni budaya upacara apel bendera pancasila bakti kemerdekaan pelantikan sumpah jabatan mutasi
  rotasi promosi reformasi birokrasi zona wbk wbbm korupsi pungli gratifikasi transparansi akuntabilitas mou pks
  perjanjian nota kesepahaman penandatanganan universitas politeknik provinsi kabupaten kota polri kepolisian kejaksaan
  pengadilan bnn tni kementerian lembaga mitra swasta perusahaan bank bumn undang peraturan regulasi kebijakan
  strategi arahan instruksi pedoman standar prosedur operasional sarana prasarana fasilitas gedung bangunan renovasi
  pembangunan infrastruktur listrik air bersih sanitasi lingkungan kebersihan penghijauan pohon taman halaman lapangan
  aula ruang rapat koordinasi konsolidasi sosialisasi edukasi literasi pendidikan sekolah paket kejar belajar guru
  tutor relawan pendamping psikolog konseling mental spiritual moral karakter perilaku perubahan kesadaran tanggung
  jawab disiplin tertib patuh aturan sanksi pelanggaran hukuman pidana perkara kasus vonis putusan hakim jaksa
  pengacara advokat bantuan hukum keadilan restoratif diversi mediasi damai korban pelaku saksi bukti penyidikan
  pemeriksaan penyelidikan investigasi audit inspeksi supervisi asistensi bimbingan teknis workshop seminar webinar
  rapat kerja nasional regional tingkat pusat unit satuan divisi bidang bagian seksi subbagian staf pejabat eselon
  direktur direktorat sekretaris jenderal inspektur menteri wakil ketua anggota komisi dewan perwakilan rakyat
  presiden gubernur bupati walikota camat lurah kepala desa tokoh agama adat pemuda perempuan disabilitas lansia
  ramah inklusif setara gender perlindungan pemenuhan penghormatan asasi manusia`;

const ROOTS = `bina latih laksana layan awas kelola tingkat kembang dukung bangun kuat lindung bimbing tindak cegah
  berantas periksa geledah sampai sambut serah terima tulis baca dengar lihat ajar didik rawat obat jaga kawal
  tertib atur tata susun rancang rencana evaluasi pantau catat lapor kirim terima bayar beli jual hasil produksi
  olah tanam panen pelihara ternak masak jahit cetak lukis ukir anyam rakit perbaiki bersih sapu cuci angkut pindah
  tempat tentu tetap terap jalan gerak ubah ganti tambah kurang hitung ukur nilai uji coba kaji teliti selidik sidik
  tangkap tahan lepas bebas pulang kunjung temu hubung sapa undang hadir ikut libat dampingi arah pimpin perintah
  izin larang tolak setuju sepakat janji tanda tangan kukuh lantik angkat tunjuk pilih usul minta mohon beri bagi`;

const NAMES = `Mashudi Reynhard Agus Andrap Budi Sri Puji Rika Deddy Erwedi Heni Thurman Liberti Ibnu Yulius Hendra Dwi
  Wahyu Slamet Bambang Joko Suharto Sutrisno Indah Ratna Dewi Fitri Kartika Nurul Siti Aminah Yusuf Ahmad Muhammad
  Rizky Fajar Hadi Kurniawan Setiawan Hidayat Saputra Pratama Nugroho Santoso Wibowo Purnomo Susanto Gunawan Siregar
  Nasution Simanjuntak Lubis Harahap Sinaga Pangaribuan Tambunan Manurung Sitompul Wijaya Halim Tanjung Rahman`;

const PLACES = `Jakarta Bandung Surabaya Semarang Medan Makassar Cipinang Salemba Sukamiskin Nusakambangan Kerobokan
  Tangerang Bekasi Bogor Depok Yogyakarta Malang Denpasar Kupang Jayapura Ambon Palembang Padang Pekanbaru Batam
  Pontianak Banjarmasin Samarinda Manado Palu Kendari Mataram Bengkulu Jambi Lampung Serang Cilacap Purwokerto
  Tasikmalaya Cirebon Garut Sumedang Pati Kudus Jepara Klaten Sleman Wonosari Madiun Kediri Blitar Jember Banyuwangi`;

const PHRASES = [
  'warga binaan pemasyarakatan', 'Direktorat Jenderal Pemasyarakatan', 'Bapak Ibu sekalian', 'terima kasih',
  'hak asasi manusia', 'zona integritas', 'pembebasan bersyarat', 'Lembaga Pemasyarakatan', 'Rumah Tahanan Negara',
  'kerja sama', 'nota kesepahaman', 'keadilan restoratif', 'Hari Bakti Pemasyarakatan', 'Unit Pelaksana Teknis',
];

const words = (s: string) => s.split(/\s+/).filter(Boolean);

/** Affixed forms of a root, with the nasal assimilation of meN-/peN-. */
function affixed(root: string): string[] {
  const c = root[0] as string;
  const nasal = (p: 'me' | 'pe') => {
    if (/[aeiou]/.test(c)) return `${p}ng${root}`;
    if (c === 'k') return `${p}ng${root.slice(1)}`;
    if (/[gh]/.test(c)) return `${p}ng${root}`;
    if (/[bfv]/.test(c)) return `${p}m${root}`;
    if (c === 'p') return `${p}m${root.slice(1)}`;
    if (/[cdjz]/.test(c)) return `${p}n${root}`;
    if (c === 't') return `${p}n${root.slice(1)}`;
    if (c === 's') return `${p}ny${root.slice(1)}`;
    return `${p}${root}`;
  };
  const me = nasal('me');
  const pe = nasal('pe');
  return [me, `${me}kan`, `${me}i`, `di${root}`, `di${root}kan`, `${pe}an`, pe, `${root}an`, `ber${root}`, `ke${root}an`, `${root}nya`, `ter${root}`];
}

function buildVocabulary(rand: () => number): { vocab: string[]; content: string[]; roots: string[]; tail: string[] } {
  const syl = words('ba be bi bo bu da di du ga gi gu ha ja ji ju ka ki ko ku la li lu ma mi mu na ni nu pa pi pu ra ri ru sa si su ta ti tu wa wi ya ng ar an in un ak ok');
  const func = words(FUNCTION_WORDS);
  const content = words(CONTENT_WORDS);
  const roots = words(ROOTS);
  const forms = roots.flatMap(affixed);
  const names = words(NAMES).map((n) => n.toLowerCase());
  const places = words(PLACES).map((n) => n.toLowerCase());
  const seen = new Set<string>();
  const uniq = (list: string[]) => list.filter((w) => (seen.has(w) ? false : (seen.add(w), true)));
  const top = uniq(func);
  // Middle ranks: content words, roots and their forms, names and places, shuffled by weight.
  const middle = uniq([...content, ...roots, ...forms, ...names, ...places]);
  for (let i = middle.length - 1; i > 0; i--) {
    // A light shuffle: content words stay ahead of affixed forms on average.
    const j = Math.max(0, i - Math.floor(rand() * 200));
    [middle[i], middle[j]] = [middle[j] as string, middle[i] as string];
  }
  const tail: string[] = [];
  while (tail.length < 36_000) {
    let w = '';
    const n = 2 + Math.floor(rand() * 3);
    for (let k = 0; k < n; k++) w += syl[Math.floor(rand() * syl.length)];
    if (rand() < 0.3) w = (rand() < 0.5 ? 'me' : 'di') + w;
    if (rand() < 0.2) w += rand() < 0.5 ? 'an' : 'kan';
    if (!seen.has(w)) {
      seen.add(w);
      tail.push(w);
    }
  }
  const vocab = [...top, ...middle, ...tail];
  // "pemasyarakatan" is a frequent word of this archive: around rank 40.
  const at = vocab.indexOf('pemasyarakatan');
  vocab.splice(at, 1);
  vocab.splice(40, 0, 'pemasyarakatan');
  return { vocab, content, roots, tail };
}

function zipfSampler(n: number, rand: () => number): () => number {
  const cum = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) cum[i] = s += 1 / (i + 1);
  return () => {
    const x = rand() * s;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if ((cum[m] as number) < x) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
}

// ---- the archive -----------------------------------------------------------------------------

const TYPES: EventType[] = ['upacara', 'penandatanganan', 'rapat', 'kunjungan_kerja', 'sosialisasi', 'pembinaan', 'pelantikan', 'konferensi_pers', 'lainnya'];

interface Generated {
  words: number;
  segments: number;
  recordings: number;
  events: number;
  quotes: number;
  eventIds: string[];
  speakers: string[];
}

async function generate(dir: string): Promise<Generated> {
  const rand = rng(20250701);
  const { vocab } = buildVocabulary(rand);
  const pick = zipfSampler(vocab.length, rand);
  const archive = await Archive.open(dir);
  const speakerNames = Array.from({ length: 200 }, (_, i) => {
    const ns = words(NAMES);
    return `${ns[i % ns.length]} ${ns[(i * 7 + 3) % ns.length]}`;
  });
  await archive.updateDocument((doc) => {
    doc.speakers = speakerNames.map((name, i) => ({ id: `spk-${i}`, name, title: i % 5 ? 'Kepala Lapas' : 'Direktur Jenderal Pemasyarakatan', org: 'Ditjenpas', notes: '' }));
  });
  const totalSec = HOURS * 3600;
  const perEvent = totalSec / EVENTS;
  const g: Generated = { words: 0, segments: 0, recordings: 0, events: 0, quotes: 0, eventIds: [], speakers: speakerNames };
  const places = words(PLACES);
  const sentence = (n: number): string => {
    const out: string[] = [];
    while (out.length < n) {
      if (rand() < 0.04) out.push(...words(PHRASES[Math.floor(rand() * PHRASES.length)] as string));
      else out.push(vocab[pick()] as string);
    }
    const text = out.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${rand() < 0.7 ? '.' : ','}`;
  };
  const writes: Promise<void>[] = [];
  const flush = async () => {
    await Promise.all(writes.splice(0));
  };
  for (let e = 0; e < EVENTS; e++) {
    const year = 2019 + Math.floor(rand() * 7);
    const date = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const type = TYPES[Math.floor(rand() * TYPES.length)] as EventType;
    const place = places[Math.floor(rand() * places.length)] as string;
    const title = `${type === 'penandatanganan' ? 'Penandatanganan MoU Ditjenpas dengan Pemerintah Kota' : type === 'upacara' ? 'Upacara Hari Bakti Pemasyarakatan di' : type === 'kunjungan_kerja' ? 'Kunjungan Kerja ke Lapas' : 'Kegiatan Humas'} ${place} ${e}`;
    const id = `${date}-acara-${e}`;
    const eventDir = path.join(dir, 'events', id);
    await fs.mkdir(path.join(eventDir, 'transcripts'), { recursive: true });
    const nRec = 1 + Math.floor(rand() * 5);
    const recordings: RecordingRecord[] = [];
    const quotes: Quote[] = [];
    for (let r = 0; r < nRec; r++) {
      const recId = `rec-${e}-${r}`;
      const duration = (perEvent / nRec) * (0.6 + rand() * 0.8);
      const segments: MachineTranscript['segments'] = [];
      let t = 0;
      while (t < duration) {
        const n = 12 + Math.floor(rand() * 14);
        const len = n / (2.4 + rand() * 0.8);
        const text = sentence(n);
        const ws = text.split(' ');
        const step = len / ws.length;
        segments.push({
          id: `s${String(segments.length + 1).padStart(4, '0')}`,
          start: round(t),
          end: round(t + len),
          text,
          words: ws.map((w, k) => ({ text: w, start: round(t + k * step), end: round(t + (k + 1) * step), p: round(0.6 + rand() * 0.4, 3) })),
          noSpeechProb: round(rand() * 0.1, 3),
        });
        g.words += ws.length;
        t += len + rand() * 0.5;
      }
      g.segments += segments.length;
      const rec: RecordingRecord = {
        id: recId, originalName: `REC_${e}_${r}.m4a`, file: `media/${recId}.m4a`, sha256: '0'.repeat(64), sizeBytes: 0,
        durationSec: round(t), container: 'mov,mp4,m4a', codec: 'aac', sampleRate: 44100, channels: 1, hasVideo: false,
        title: r === 0 ? `Sambutan ${speakerNames[e % 200]}` : `Sesi ${r + 1}`, language: 'id', warnings: [], importedAt: `${date}T09:00:00.000Z`,
        transcript: { createdAt: `${date}T10:00:00.000Z`, model: 'small', language: 'id', segmentCount: segments.length },
      };
      recordings.push(rec);
      const machine: MachineTranscript = {
        formatVersion: 1, recordingId: recId, createdAt: `${date}T10:00:00.000Z`, engine: 'whisper.cpp',
        model: { id: 'small', file: 'ggml-small-q8_0.bin', sha256: null }, language: 'id', detectedLanguage: 'id', prompt: '',
        replacements: [], segments, stats: { audioSec: t, coveredSec: t, skippedSec: 0, wallSec: t / 4, windows: 1, restarts: 0 },
      };
      writes.push(fs.writeFile(path.join(eventDir, 'transcripts', `${recId}.machine.json`), `${JSON.stringify(machine, null, 1)}\n`));
      if (rand() < 0.33) {
        const labels = [0, 1, 2].map((k) => ({ id: `p${k + 1}`, name: `Pembicara ${k + 1}`, speakerId: k < 2 ? `spk-${(e + k) % 200}` : null }));
        const working: WorkingTranscript = {
          formatVersion: 1, recordingId: recId, rev: 3, source: 'machine', labels,
          segments: segments.map((s, k) => ({ id: s.id, start: s.start, end: s.end, text: s.text, words: s.words, speaker: `p${1 + ((k >> 4) % 3)}` })),
          createdAt: `${date}T11:00:00.000Z`, updatedAt: `${date}T12:00:00.000Z`,
        };
        writes.push(fs.writeFile(path.join(eventDir, 'transcripts', `${recId}.json`), `${JSON.stringify(working, null, 2)}\n`));
      }
      for (let q = 0; q < 2 && segments.length; q++) {
        const s = segments[Math.floor(rand() * segments.length)] as MachineTranscript['segments'][number];
        quotes.push({
          id: `q-${e}-${r}-${q}`, eventId: id, recordingId: recId, start: s.start, end: s.end, text: s.text,
          speakerId: `spk-${e % 200}`, speakerName: speakerNames[e % 200] as string, speakerTitle: 'Kepala Lapas', tags: ['kutipan'],
          checked: rand() < 0.5, note: '', createdAt: `${date}T12:00:00.000Z`, updatedAt: `${date}T12:00:00.000Z`,
        });
      }
    }
    const record: EventRecord = {
      id, rev: 2, title, date, time: '09:00', type, venue: `Aula ${place}`, platform: '', organiser: `Kanwil ${place}`,
      description: sentence(30), tags: ['humas', type], recordings, attachments: [], createdAt: `${date}T08:00:00.000Z`, updatedAt: `${date}T12:00:00.000Z`,
      agreement: type === 'penandatanganan'
        ? { kind: 'mou', documentNumber: `PAS-${e}.HH.05.02`, title: 'Pembinaan Kemandirian Warga Binaan', scope: '', parties: [
            { institution: 'Direktorat Jenderal Pemasyarakatan', signatory: 'Mashudi', role: 'Direktur Jenderal' },
            { institution: `Pemerintah Kota ${place}`, signatory: speakerNames[e % 200] as string, role: 'Wali Kota' },
          ] }
        : null,
    };
    writes.push(fs.writeFile(path.join(eventDir, 'event.json'), `${JSON.stringify(record, null, 2)}\n`));
    writes.push(fs.writeFile(path.join(eventDir, 'quotes.json'), `${JSON.stringify({ quotes }, null, 2)}\n`));
    g.recordings += nRec;
    g.quotes += quotes.length;
    g.events++;
    g.eventIds.push(id);
    if (writes.length > 64) await flush();
    if (e % 100 === 99) log(`  generated ${e + 1} events, ${(g.words / 1e6).toFixed(1)} M words`);
  }
  await flush();
  return g;
}

// ---- the query mix ---------------------------------------------------------------------------

interface BenchQuery {
  kind: string;
  q: string;
  o: SearchOptions;
}

function queryMix(g: Generated): BenchQuery[] {
  const rand = rng(7);
  const { vocab, content, roots, tail } = buildVocabulary(rng(20250701));
  const pickOf = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const common = vocab.slice(30, 160).filter((w) => w.length >= 5 && !words(FUNCTION_WORDS).includes(w));
  const mid = content.filter((w) => w.length >= 5);
  const out: BenchQuery[] = [];
  const add = (kind: string, q: string, o: SearchOptions = {}) => out.push({ kind, q, o });
  add('common word', 'pemasyarakatan ');
  for (let i = 0; i < 19; i++) add('common word', `${pickOf(common)} `);
  for (let i = 0; i < 20; i++) add('rare word', `${pickOf(tail.slice(20_000))} `);
  for (let i = 0; i < 20; i++) add('two words', `${pickOf(mid)} ${pickOf(mid)} `);
  for (let i = 0; i < 14; i++) add('phrase', `"${PHRASES[i]}"`);
  for (let i = 0; i < 6; i++) add('phrase', `"${pickOf(common)} ${pickOf(vocab.slice(0, 30))}"`);
  for (let i = 0; i < 10; i++) {
    const w = pickOf(mid);
    add('prefix', `${w.slice(0, Math.min(w.length, 4 + Math.floor(rand() * 3)))}*`);
  }
  for (let i = 0; i < 10; i++) {
    const w = pickOf(mid);
    add('prefix (typing)', `${pickOf(mid)} ${w.slice(0, Math.min(w.length, 4 + Math.floor(rand() * 4)))}`);
  }
  for (let i = 0; i < 20; i++) add('affixes', `${pickOf(roots)} `, { affixes: true });
  for (let i = 0; i < 5; i++) add('filter speaker', `${pickOf(mid)} `, { speaker: pickOf(g.speakers) });
  for (let i = 0; i < 5; i++) add('filter type', `${pickOf(common)} `, { type: pickOf(TYPES) });
  for (let i = 0; i < 5; i++) {
    const y = 2019 + Math.floor(rand() * 7);
    add('filter dates', `${pickOf(common)} `, { from: `${y}-01-01`, to: `${y}-06-30` });
  }
  for (let i = 0; i < 5; i++) add('filter event', `${pickOf(common)} `, { eventId: pickOf(g.eventIds), hitsPerEvent: 20 });
  return out;
}

/** Not in the goal mix: what no one should type, but someone will. */
const WORST: BenchQuery[] = [
  { kind: 'worst', q: 'yang', o: {} },
  { kind: 'worst', q: 'yang dan di', o: {} },
  { kind: 'worst', q: 'pemb*', o: {} },
  { kind: 'worst', q: 'pem*', o: {} },
  { kind: 'worst', q: 'bapak ibu', o: {} },
  { kind: 'worst', q: '"yang di"', o: {} },
  { kind: 'worst', q: 'pembinaan', o: { affixes: true } },
  { kind: 'worst', q: 'program', o: { offset: 200 } },
];

// ---- the child: cold open, query mix, RSS ----------------------------------------------------

async function child(dir: string, generatedFile: string): Promise<void> {
  const g = JSON.parse(await fs.readFile(generatedFile, 'utf8')) as Generated;
  const mix = queryMix(g);
  global.gc?.();
  const mem0 = process.memoryUsage();
  const rss0 = mem0.rss;
  const t0 = performance.now();
  const index = await SearchIndex.open(dir);
  const openMs = performance.now() - t0;
  const first = index.search('pemasyarakatan kolaborasi');
  const coldMs = performance.now() - t0;
  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  const cpu: number[] = [];
  const slowest: { kind: string; q: string; o: SearchOptions; ms: number }[] = [];
  const firstPass: number[] = [];
  let hits = 0;
  let rssAfterQueries = 0;
  const perQuery = new Map<BenchQuery, number[]>();
  const shuffle = rng(42);
  for (let pass = 0; pass < PASSES; pass++) {
    const order = pass === 0 ? mix : [...mix].sort(() => shuffle() - 0.5);
    for (const bq of order) {
      const { kind, q, o } = bq;
      const c = process.cpuUsage();
      const t = performance.now();
      const r = index.search(q, o);
      const ms = performance.now() - t;
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      hits += r.total.hits;
      all.push(ms);
      slowest.push({ kind, q, o, ms: round(ms) });
      if (pass === 0) firstPass.push(ms);
      perQuery.set(bq, [...(perQuery.get(bq) ?? []), ms]);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
      rssAfterQueries = Math.max(rssAfterQueries, process.memoryUsage().rss);
    }
  }
  const worst = WORST.map(({ q, o }) => {
    const times: number[] = [];
    let r = index.search(q, o);
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      r = index.search(q, o);
      times.push(performance.now() - t);
    }
    return { q, o, ms: round(quantile(times, 0.5)), hits: r.total.hits, exact: r.total.exact };
  });
  const rssPeak = Math.max(rssAfterQueries, process.memoryUsage().rss);
  global.gc?.();
  const mem1 = process.memoryUsage();
  const rss1 = mem1.rss;
  await index.close();
  process.stdout.write(
    `${JSON.stringify({
      openMs: round(openMs),
      coldFirstQueryMs: round(coldMs),
      coldFirstHits: first.total.hits,
      queries: all.length,
      medianMs: round(quantile(all, 0.5)),
      p95Ms: round(quantile(all, 0.95)),
      maxMs: round(Math.max(...all)),
      firstPassP95Ms: round(quantile(firstPass, 0.95)),
      perQueryMedianP50Ms: round(quantile([...perQuery.values()].map((v) => quantile(v, 0.5)), 0.5)),
      perQueryMedianP95Ms: round(quantile([...perQuery.values()].map((v) => quantile(v, 0.5)), 0.95)),
      cpuMedianMs: round(quantile(cpu, 0.5)),
      cpuP95Ms: round(quantile(cpu, 0.95)),
      byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, { median: round(quantile(v, 0.5)), p95: round(quantile(v, 0.95)), max: round(Math.max(...v)) }])),
      worst,
      slowest: slowest.sort((a, b) => b.ms - a.ms).slice(0, 12),
      rssIncreaseMB: mb(rss1 - rss0),
      rssPeakIncreaseMB: mb(rssPeak - rss0),
      v8HeapGrowthMB: mb(mem1.heapTotal - mem0.heapTotal),
      v8HeapUsedGrowthMB: mb(mem1.heapUsed - mem0.heapUsed),
      totalHits: hits,
    })}\n`,
  );
}

function runChild(dir: string, generatedFile: string): Promise<{ wallMs: number; out: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, ['--expose-gc', process.argv[1] as string, '--child', dir, generatedFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('error', reject);
    proc.once('close', (code) => {
      if (code !== 0) return reject(new Error(`child exited with ${code}`));
      resolve({ wallMs: performance.now() - t0, out: JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown> });
    });
  });
}

// ---- the previous stemmer and this one, side by side ----------------------------------------

/** The repository (this file runs bundled under node_modules/.cache, or from bench/). */
const repo = (() => {
  for (let d = import.meta.dirname ?? process.cwd(); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'bench', 'search-build-child.ts'))) return d;
    if (path.dirname(d) === d) return process.cwd();
  }
})();

/** bench/search-build-child.ts bundled as it is, or with the previous stemmer in place of ours. */
async function bundleBuildChild(legacy: boolean, outDir: string): Promise<string> {
  const swap: Plugin = {
    name: 'legacy-stemmer',
    setup(b) {
      b.onResolve({ filter: /\/stemmer$/ }, (args) =>
        path.resolve(args.resolveDir, args.path) === path.join(repo, 'main', 'core', 'search', 'stemmer') ? { path: path.join(repo, 'bench', 'legacy-stemmer.ts') } : undefined,
      );
    },
  };
  const outfile = path.join(outDir, legacy ? 'build-legacy.mjs' : 'build-new.mjs');
  await esbuild({
    absWorkingDir: repo,
    entryPoints: [path.join(repo, 'bench', 'search-build-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    plugins: legacy ? [swap] : [],
    banner: { js: "import { createRequire as __risalahCreateRequire } from 'node:module'; const require = __risalahCreateRequire(import.meta.url);" },
  });
  return outfile;
}

interface ChildBuild {
  stemmerVersion: number;
  buildMs: number;
  cpuMs: number;
  indexBytes: number;
  probe: number;
}

function runBuild(bundle: string, dir: string): Promise<ChildBuild> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', bundle, dir], { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as ChildBuild);
    });
  });
}

async function compareStemmers(dir: string): Promise<Record<string, unknown>> {
  const outDir = mkdtempSync(path.join(repo, 'node_modules', '.cache', 'risalah-bench-'));
  try {
    const bundles = { legacy: await bundleBuildChild(true, outDir), current: await bundleBuildChild(false, outDir) };
    const rounds: { legacy: ChildBuild; current: ChildBuild }[] = [];
    for (let r = 0; r < BUILD_ROUNDS; r++) {
      const order: ('legacy' | 'current')[] = r % 2 === 0 ? ['legacy', 'current'] : ['current', 'legacy'];
      const pair: Partial<Record<'legacy' | 'current', ChildBuild>> = {};
      for (const which of order) pair[which] = await runBuild(bundles[which], dir);
      const { legacy, current } = pair as { legacy: ChildBuild; current: ChildBuild };
      rounds.push({ legacy, current });
      log(`  round ${r + 1}: previous stemmer (v${legacy.stemmerVersion}) ${secs(legacy.buildMs)} s, this one (v${current.stemmerVersion}) ${secs(current.buildMs)} s, ×${round(current.buildMs / legacy.buildMs, 3)}; "pembinaan" with affixes: ${legacy.probe} vs ${current.probe} hits`);
    }
    const ratios = rounds.map((r) => r.current.buildMs / r.legacy.buildMs);
    const cpuRatios = rounds.map((r) => r.current.cpuMs / r.legacy.cpuMs);
    return {
      rounds: rounds.length,
      legacyMedianMs: Math.round(quantile(rounds.map((r) => r.legacy.buildMs), 0.5)),
      currentMedianMs: Math.round(quantile(rounds.map((r) => r.current.buildMs), 0.5)),
      ratioMedian: round(quantile(ratios, 0.5), 3),
      ratioMin: round(Math.min(...ratios), 3),
      ratioMax: round(Math.max(...ratios), 3),
      cpuRatioMedian: round(quantile(cpuRatios, 0.5), 3),
      legacyIndexMB: mb(rounds[0]?.legacy.indexBytes ?? 0),
      currentIndexMB: mb(rounds[0]?.current.indexBytes ?? 0),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const secs = (ms: number) => round(ms / 1000, 2);

/** Time to stem the archive's distinct words, cold, with each stemmer (median of 3 passes of fresh copies). */
function stemTimes(): { words: number; legacyMs: number; currentMs: number } {
  const { vocab } = buildVocabulary(rng(20250701));
  const time = (f: (w: string) => string, suffix: string) => {
    const t = performance.now();
    for (const w of vocab) f(w + suffix); // a fresh word each pass: nothing memoised
    return performance.now() - t;
  };
  const legacy: number[] = [];
  const current: number[] = [];
  newStem('pembinaan'); // loads the dictionary
  ['', 'nya', 'lah'].forEach((suffix) => {
    legacy.push(time(legacyStem, suffix));
    current.push(time(newStem, suffix));
  });
  return { words: vocab.length, legacyMs: round(quantile(legacy, 0.5)), currentMs: round(quantile(current, 0.5)) };
}

// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3] as string, process.argv[4] as string);

  const keep = process.env.BENCH_ARCHIVE;
  const root = keep ? path.resolve(keep) : mkdtempSync(path.join(os.tmpdir(), 'risalah-bench-search-'));
  const dir = path.join(root, 'arsip');
  const generatedFile = path.join(root, 'generated.json');
  try {
    let g: Generated;
    let genMs = 0;
    if (keep && existsSync(generatedFile)) {
      g = JSON.parse(await fs.readFile(generatedFile, 'utf8')) as Generated;
      log(`reusing the archive in ${dir}`);
    } else {
      log(`generating ${EVENTS} events, ${HOURS} hours of transcripts in ${dir}…`);
      const t = performance.now();
      g = await generate(dir);
      genMs = performance.now() - t;
      await fs.writeFile(generatedFile, JSON.stringify(g));
    }
    const archiveBytes = await folderSize(dir);
    log(`archive: ${g.events} events, ${g.recordings} recordings, ${g.segments} segments, ${(g.words / 1e6).toFixed(2)} M words, ${g.quotes} quotes, ${mb(archiveBytes)} MB of files${genMs ? ` (generated in ${round(genMs / 1000, 1)} s, not counted)` : ''}`);

    // 2. Full build.
    rmSync(path.join(dir, '.risalah'), { recursive: true, force: true });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    const index = await SearchIndex.open(dir);
    const buildMs = performance.now() - t;
    const buildCpu = process.cpuUsage(cpu0);
    const buildCpuMs = (buildCpu.user + buildCpu.system) / 1000;
    clearInterval(sampler);
    const status = index.status;
    const dbBytes = statSync(index.file).size;
    log(`full build: ${round(buildMs / 1000, 2)} s (goal ${GOALS.buildMs / 1000} s, ×${round(buildMs / GOALS.buildMs)}; CPU ${round(buildCpuMs / 1000, 2)} s), ${status.segments} segments, index ${mb(dbBytes)} MB, build RSS peak +${mb(rssPeak - rssBefore)} MB`);
    log(`load average while building: ${os.loadavg().map((x) => round(x)).join(' ')} (2 cores; other work on the machine inflates wall times)`);

    // 2b. The previous stemmer and this one, side by side.
    const stems = stemTimes();
    log(`stemming the ${stems.words} distinct words of the vocabulary (each form once): previous stemmer ${stems.legacyMs} ms, this one ${stems.currentMs} ms`);
    log(`index build with the previous stemmer and with this one (${BUILD_ROUNDS} rounds, fresh processes, alternating order):`);
    const stemmerBuild = BUILD_ROUNDS > 0 ? await compareStemmers(dir) : { rounds: 0 };
    if (BUILD_ROUNDS > 0) log(`  median: previous ${secs(stemmerBuild.legacyMedianMs as number)} s, this one ${secs(stemmerBuild.currentMedianMs as number)} s; paired ratio median ×${stemmerBuild.ratioMedian} (spread ×${stemmerBuild.ratioMin}–×${stemmerBuild.ratioMax}; goal ≤ ×${GOALS.stemmerBuildRatio}); CPU ratio median ×${stemmerBuild.cpuRatioMedian}; index ${stemmerBuild.legacyIndexMB} MB vs ${stemmerBuild.currentIndexMB} MB`);

    // 4. Incremental refresh.
    let tr = performance.now();
    const none = await index.refresh();
    const refreshNoneMs = performance.now() - tr;
    const victim = g.eventIds[Math.floor(g.eventIds.length / 2)] as string;
    const tdir = path.join(dir, 'events', victim, 'transcripts');
    const file = (await fs.readdir(tdir)).find((n) => n.endsWith('.machine.json')) as string;
    const doc = JSON.parse(await fs.readFile(path.join(tdir, file), 'utf8')) as MachineTranscript;
    (doc.segments[0] as MachineTranscript['segments'][number]).text = 'Kalimat yang disunting untuk uji penyegaran indeks.';
    await fs.writeFile(path.join(tdir, file), JSON.stringify(doc, null, 1));
    tr = performance.now();
    const one = await index.refresh();
    const refreshOneMs = performance.now() - tr;
    log(`refresh: nothing changed ${round(refreshNoneMs)} ms (${none.unchanged} events checked); one transcript edited ${round(refreshOneMs)} ms (${one.indexed.length} event re-indexed)`);
    await index.close();

    // 3. New process: cold open, the query mix, RSS.
    const { wallMs, out } = await runChild(dir, generatedFile);
    const c = out as { openMs: number; coldFirstQueryMs: number; medianMs: number; p95Ms: number; maxMs: number; cpuMedianMs: number; cpuP95Ms: number; firstPassP95Ms: number; perQueryMedianP50Ms: number; perQueryMedianP95Ms: number; rssIncreaseMB: number; rssPeakIncreaseMB: number; queries: number; byKind: Record<string, { median: number; p95: number; max: number }>; worst: { q: string; o: SearchOptions; ms: number; hits: number }[] };
    log(`cold open (new process): open ${c.openMs} ms, open + first query ${c.coldFirstQueryMs} ms (goal ${GOALS.coldOpenMs} ms, ×${round(c.coldFirstQueryMs / GOALS.coldOpenMs)}); whole child process ${round(wallMs)} ms`);
    log(`queries (${c.queries / PASSES} × ${PASSES} runs, with snippets): median ${c.medianMs} ms, p95 ${c.p95Ms} ms (goal ${GOALS.p95Ms} ms, ×${round(c.p95Ms / GOALS.p95Ms)}), max ${c.maxMs} ms`);
    log(`  first run of each query: p95 ${c.firstPassP95Ms} ms; each query's median of ${PASSES}: median ${c.perQueryMedianP50Ms} ms, p95 ${c.perQueryMedianP95Ms} ms; CPU time per run: median ${c.cpuMedianMs} ms, p95 ${c.cpuP95Ms} ms`);
    for (const [k, v] of Object.entries(c.byKind)) log(`  ${k.padEnd(16)} median ${String(v.median).padStart(6)} ms  p95 ${String(v.p95).padStart(6)} ms  max ${String(v.max).padStart(6)} ms`);
    log('  outside the goal mix:');
    for (const w of c.worst) log(`    ${JSON.stringify(w.q).padEnd(16)} ${JSON.stringify(w.o).padEnd(20)} ${String(w.ms).padStart(7)} ms, ${w.hits} hits`);
    log('  slowest queries of the mix:');
    for (const w of (out.slowest as { kind: string; q: string; o: SearchOptions; ms: number }[]).slice(0, 8)) log(`    ${String(w.ms).padStart(7)} ms  ${w.kind.padEnd(16)} ${JSON.stringify(w.q)} ${JSON.stringify(w.o)}`);
    log(`RSS increase (open + every query): peak ${c.rssPeakIncreaseMB} MB (goal ${GOALS.rssMB} MB, ×${round(c.rssPeakIncreaseMB / GOALS.rssMB)}), ${c.rssIncreaseMB} MB after GC; of which the V8 heap grew ${out.v8HeapGrowthMB} MB (${out.v8HeapUsedGrowthMB} MB still in use after GC)`);

    const result = {
      bench: 'search',
      events: g.events,
      recordings: g.recordings,
      segments: g.segments,
      words: g.words,
      quotes: g.quotes,
      hours: HOURS,
      archiveMB: mb(archiveBytes),
      indexMB: mb(dbBytes),
      buildMs: Math.round(buildMs),
      buildGoalMs: GOALS.buildMs,
      buildRatio: round(buildMs / GOALS.buildMs),
      buildCpuMs: Math.round(buildCpuMs),
      buildRssPeakIncreaseMB: mb(rssPeak - rssBefore),
      stemmerBuild,
      stemmerBuildGoalRatio: GOALS.stemmerBuildRatio,
      stemTimes: stems,
      loadAverage: os.loadavg().map((x) => round(x)),
      refreshUnchangedMs: round(refreshNoneMs),
      refreshOneEditMs: round(refreshOneMs),
      coldOpenMs: c.openMs,
      coldOpenFirstQueryMs: c.coldFirstQueryMs,
      coldGoalMs: GOALS.coldOpenMs,
      coldRatio: round(c.coldFirstQueryMs / GOALS.coldOpenMs),
      childProcessWallMs: round(wallMs),
      queryMedianMs: c.medianMs,
      queryP95Ms: c.p95Ms,
      queryMaxMs: c.maxMs,
      queryFirstRunP95Ms: c.firstPassP95Ms,
      queryPerQueryMedianP95Ms: c.perQueryMedianP95Ms,
      queryCpuMedianMs: c.cpuMedianMs,
      queryCpuP95Ms: c.cpuP95Ms,
      queryGoalP95Ms: GOALS.p95Ms,
      queryRatio: round(c.p95Ms / GOALS.p95Ms),
      byKind: c.byKind,
      worst: c.worst,
      rssPeakIncreaseMB: c.rssPeakIncreaseMB,
      rssIncreaseAfterGcMB: c.rssIncreaseMB,
      v8HeapGrowthMB: out.v8HeapGrowthMB,
      v8HeapUsedGrowthMB: out.v8HeapUsedGrowthMB,
      rssGoalMB: GOALS.rssMB,
      rssRatio: round(c.rssPeakIncreaseMB / GOALS.rssMB),
      cpus: os.cpus().length,
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.parentPath.includes('.risalah')) total += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

await main();
