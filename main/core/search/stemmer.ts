/**
 * The Indonesian stemmer of search with affixes.
 *
 * Owns: the stem of a (folded) word, so that "pembinaan", "membina", "dibina", "binaan" and
 * "pembinanya" all come down to "bina" — and the dictionary of root words it decides by
 * (data/id-roots.txt: hunspell-id's roots, LGPL-3.0, see data/README.md; plus the domain's own
 * roots and the glossary's acronyms below).
 *
 * Dictionary-based, in the Nazief–Adriani / ECS (enhanced confix stripping) tradition: every way
 * of reading the word as [proclitic][prefix ≤ 3][root][suffix][possessive][particle] is tried,
 * and the reading whose root is in the dictionary at the lowest cost wins. Cost: each affix cut;
 * plus a little when the root's hunspell flags do not list the reading (mengupas: kupas takes
 * meN-, upas does not), more than an affix when the root has no flags (pengawasan: awas, not
 * kawasan); at equal cost, the root with more flags (the more productive word: mengurus → urus,
 * not kurus), then the order below (a suffix cut before a prefix reading). Affixes:
 *
 *  - particles `-lah -kah -tah -pun`; possessives `-ku -mu -nya` (`kuasa-Mu` is split by the
 *    tokenizer already); proclitics `ku- kau-` (kupukul, kauhajar);
 *  - derivational suffixes `-kan -an -i`; loan suffixes `-isasi -isme -is` (finalisasi, idealisme)
 *    and, for dictionary words only, `-wan -wati -man -wi` (budayawan, karyawati, seniman —
 *    not names such as Gunawan);
 *  - prefixes `meN- peN-` with nasal assimilation, every reading tried (menilai: nilai or tilai;
 *    mengupas: upas or kupas; menyanyi: sanyi or nyanyi; menganga: me-nganga), `menge-/penge-`
 *    (mengebom), `di- ke- se- ter- te- ber- be- bel- per- pe- pel-` (berambut → rambut,
 *    teraup → raup, perumahan → rumah), up to three deep (memperhatikan, kepemimpinan,
 *    keberuntunganmu, kesepersepuluhnya);
 *  - infixes `-el- -em- -er- -in-` (kinerja → kerja, for words not in the dictionary) and the partial
 *    reduplication Ce- (rerata → rata, lelembut → lembut); full and affixed reduplication
 *    (buku-buku, meniru-niru, berbalas-balasan) are words the tokenizer splits, each stemmed;
 *  - the confix rules: a reading that pairs a prefix with a suffix it never takes (`ber-…-i`,
 *    `di-…-an`, `ke-…-i`, `ke-…-kan`, `meN-…-an`, `se-…-i`, `se-…-kan`, `ter-…-an`) costs more,
 *    so it is taken only when nothing else is a root.
 *
 * A word in the dictionary is its own stem (kepala, berita, menteri, pertama stay whole), and so
 * are the domain's terms and acronyms (pemasyarakatan is corrections, not masyarakat; Ditjenpas,
 * Lapas, Rutan, WBP stay whole). A word none of whose readings is a root (a name, a new loanword)
 * gets the rule-based reading of the previous stemmer (Tala / Nazief–Adriani without a dictionary,
 * see `ruleBased`), so nothing it found before is lost. Words of three letters or fewer and words
 * with digits are left alone.
 *
 * The result only has to be consistent (the same word always gets the same stem, and a word's
 * affixed forms meet), not linguistically perfect. Changing the rules, the lists below or
 * data/id-roots.txt changes the stems stored in search indexes: bump STEMMER_VERSION (indexes are
 * then rebuilt; tests/unit/search/stemmer.test.ts pins a digest of the stems to the version).
 *
 * Over ~500 lines because the rules, their readings and the domain's lists belong together.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STEMMER_VERSION = 2;

/** The file of roots, one a line (# comments); found beside this module, in dist/, or in the repo. */
export const ROOTS_FILE = 'id-roots.txt';

/**
 * The domain's roots and terms (kept whole), and roots missing from the dictionary: the previous
 * stemmer's list (so every root it knew is still known), humas and corrections vocabulary, and
 * the default glossary's single-word terms and acronyms.
 */
const DOMAIN_ROOTS = `
  pemasyarakatan pemerintah kemenimipas kemenkumham kemenkum ditjenpas dirjenpas dirjen ditjen
  kanwil upt rutan karutan lapas kalapas bapas kabapas lpka rupbasan wbp mou pks sdm humas
  litmas kadivpas kakanwil kasubsi kalapas warga narapidana napi
  masyarakat bina tahan tandatangan tindaklanjut kolaborasi sinergi peran
  nilai nanti nikah nikmat nomor nasihat naik nama nyata nyanyi nyaman nyawa nyala napas nafkah
  nalar narasi minta mulai masuk milik makan mohon muat mudah maju maaf manfaat makna malu mati
  main minum muncul musyawarah mandiri merdeka menang mampu marah martabat masak mutu erti
  kirim kenal kelola kumpul kuasa kembang kerja kejar kawal kaji kabar kait kunjung kurang kasih
  kuat kontrol koordinasi kembali kemuka keluar keluh keras kecil kenang kena kendali kibar
  koreksi kritik kutip kandung kampanye kemas kukuh kondisi konsolidasi kabul kalah kandas
  kata kira kumandang kunci kupas kerah
  sampai sambut serah selenggara sesuai sidik susun sosialisasi sehat sejahtera selesai
  sepakat setuju sukses sadar siap simpan sumbang salur saksi sebut sembuh sentuh sapa sambung
  singkat salah sah sita sidang sulit syukur
  tulis tingkat tanam tugas tangan tempat tentu tetap terima temu tunjuk tuju tindak tolak
  tuntut tata terap tanggung tanya tonton tinjau tutup tinggal tampil tambah tanggap
  pimpin pakai panggil pukul pilih periksa pantau pasang perlu pergi pertama perempuan persen
  perintah pelihara peduli percaya pesantren penjara peserta penting perkara pegawai pidato
  pulih paham pengaruh pedoman pesawat pemilu pensiun pemuda perdana
  rawat periode permata kerjasama
  ajar ambil atur ikut isi usul ubah undang ungkap upaya awas awal akhir ajak arah
  apresiasi evaluasi edukasi fasilitas usaha uji ucap ingat izin amanat amal aman ada adil ikat inap olah
  operasi urus utama umum antar angkat anggar andal asuh anjur alam ajuk
  lantik laksana latih lihat layan lindung lapor libat langgar lanjut letak lalu lewat
  beri bangun baik bantu buka bentuk bahas bagi bagai bawa biaya bijak beda
  dukung didik dapat dengar datang damping duduk daftar dorong
  gerak guna gelar ganti gabung
  harap hadir hormat hasil hati hubung hukum hadap
  jaga jadi jalan jamin janji jelas jawab jabat
  rusak rencana rekam
  wakil wujud waspada
  yakin
  cek bom cat tes
  cegah cetak cipta cinta
  berita beras berat beranda besar benar betul bekal
  perintah persiapan perdata
  kepala keluarga ketua ketika kemudian kelompok kemarin kereta kendara kendala kenapa kemah
  kemeja kelas kertas kebun kenal keliling kelapa kesal
  menteri mentor media medis metode mesin meja merah menu merdeka meriah melati melayu mental
  masjid menara meter merek
  direktur direktorat direksi diskusi disiplin digital dinamika dinas diploma distribusi dialog
  diagnosa diri
  terima teroris terminal teras terapi teman tertib terus
  sekolah sekretaris sekretariat sektor selamat seminar sejarah semangat selesai semua sekarang
  segera senior sesi sepeda sendiri seni setelah selalu sementara seperti sedekah sebelah
  serta sejak semoga seragam
  masalah istilah kuliah jumlah kalimat
  bupati negeri menteri materi kategori teori memori industri januari februari ekonomi
  teknologi strategi energi ideologi psikologi kriminologi tradisi
  remisi asimilasi integrasi reintegrasi rehabilitasi grasi amnesti abolisi diversi restoratif
  overkapasitas kapasitas razia pungli gratifikasi akuntabilitas transparansi
`;

/**
 * Dictionary entries that are derived forms a search should see through (the affixed forms of
 * their root are what a writer searches for): they are taken out of the roots.
 */
const NOT_ROOTS = `
  mengerti pengerti pelajar belajar pelajaran kinerja lajar keduduk besaran belikan kasihan rerata
  lelembut tuanku ketahu kecek perhati sepenuh akuan apatah apakah walaupun meskipun ataupun adapun
  bagaimanapun sekalipun biarpun sungguhpun kendatipun berlaku biarkan bentangkan bicarakan lempari
  rasai
`;

/** Loan suffixes cut only from dictionary words (budayawan, karyawati), never from names. */
const DICTIONARY_LOAN_SUFFIXES = ['wati', 'wan', 'man', 'wi', 'isme'];
/** Loan suffixes cut from any word (finalisasi, idealisme, idealis). */
const LOAN_SUFFIXES = ['isasi', 'isme', 'is'];

const ASCII_WORD = /^[a-z]+$/;
const VOWELS = 'aeiou';
const isVowel = (c: string | undefined): boolean => c !== undefined && c.length === 1 && VOWELS.includes(c);
const MIN_ROOT = 3;

// ---- the dictionary ----------------------------------------------------------------------------

/** The flags of the domain's own roots: every reading of them counts as listed. */
const ANY_READING = '*';

/** Root → its hunspell affix flags ('' when it has none; ANY_READING for the domain's roots). */
let rootMap: Map<string, string> | null = null;

function candidatesForRootsFile(): string[] {
  const url = import.meta.url;
  if (typeof url !== 'string' || !url.startsWith('file:')) return [];
  const here = path.dirname(fileURLToPath(url));
  const out = [
    path.join(here, 'data', ROOTS_FILE), // the source tree: main/core/search/
    path.join(here, 'search-data', ROOTS_FILE), // dist/cli.js
    path.join(here, '..', 'search-data', ROOTS_FILE), // dist/electron/main.js, dist/workers/
  ];
  // A bundle run from inside the repo (scripts/run-ts.mjs puts it under node_modules/.cache).
  for (let dir = here; ; ) {
    out.push(path.join(dir, 'main', 'core', 'search', 'data', ROOTS_FILE));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}

function readRootsFile(): string {
  for (const file of candidatesForRootsFile()) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      // next place
    }
  }
  throw new Error(`search stemmer: ${ROOTS_FILE} not found (looked beside ${import.meta.url}); the build copies main/core/search/data to dist/search-data`);
}

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** The roots the stemmer decides by, with their hunspell affix flags (loaded once, on first use). */
export function roots(): ReadonlyMap<string, string> {
  if (rootMap) return rootMap;
  const map = new Map<string, string>();
  for (const line of readRootsFile().split('\n')) {
    if (!line || line[0] === '#') continue;
    const space = line.indexOf(' ');
    if (space === -1) map.set(line.trim(), '');
    else map.set(line.slice(0, space), line.slice(space + 1).trim());
  }
  for (const w of words(DOMAIN_ROOTS)) map.set(w, ANY_READING);
  for (const w of words(NOT_ROOTS)) map.delete(w);
  rootMap = map;
  return map;
}

// ---- readings ----------------------------------------------------------------------------------

// Prefix kinds: the outermost decides the confix rules, the innermost (next to the root) is
// checked against the root's flags.
const K_MENG = 1;
const K_PENG = 2;
const K_DI = 3;
const K_TER = 4;
const K_KE = 5;
const K_SE = 6;
const K_BER = 7;
const K_PER = 8;
const K_PE = 9;
const K_KU = 10;
/** The hunspell-id flag letter of each prefix kind (id_ID.aff). */
const FLAG_LETTER = ['', 'M', 'P', 'D', 'T', 'K', 'S', 'B', 'R', 'P', 'O'];

// Suffix kinds, and their flag letters.
const S_NONE = 0;
const S_KAN = 1;
const S_AN = 2;
const S_I = 3;
const S_LOAN = 4;
const SUFFIX_LETTER = ['', 'k', 'a', 'i', ''];

// Costs: each affix cut; a reading the flags of its root do not list; a root without flags; a
// confix that does not occur; an infix or a partial reduplication; a lone -i (petani: pe-tani,
// not petan-i). Set while measuring the test sets (tests/unit/search/data/README.md).
const C_AFFIX = 4;
const C_UNLISTED = 1;
const C_NO_FLAGS = 5;
const C_CONFIX = 8;
const C_INFIX = 8;
const C_LONE_I = 1;

/** Prefix kind × suffix kind pairs that do not occur together (ECS's invalid confixes). */
function invalidConfix(prefix: number, suffix: number): boolean {
  switch (prefix) {
    case K_BER:
      return suffix === S_I;
    case K_DI:
      return suffix === S_AN;
    case K_KE:
      return suffix === S_I || suffix === S_KAN;
    case K_MENG:
      return suffix === S_AN;
    case K_SE:
      return suffix === S_I || suffix === S_KAN;
    case K_TER:
      return suffix === S_AN;
    default:
      return false;
  }
}

/** Whether hunspell flags (two characters each) hold `pair`. */
function hasFlag(flags: string, pair: string): boolean {
  for (let i = 0; i + 1 < flags.length; i += 2) if (flags[i] === pair[0] && flags[i + 1] === pair[1]) return true;
  return false;
}

/** Whether a root's flags list this reading: its innermost prefix (0: none) with this suffix. */
function listed(flags: string, inner: number, suffix: number): boolean {
  if (flags === ANY_READING) return true;
  if (!flags) return false;
  const s = SUFFIX_LETTER[suffix] as string;
  if (inner === 0) return s === '' ? suffix === S_NONE : hasFlag(flags, `${s}0`);
  const p = FLAG_LETTER[inner] as string;
  // Compound prefixes name the inner one second: MR memper-, KB keber-, DR diper-…
  for (let i = 1; i < flags.length; i += 2) if (flags[i] === p && flags[i - 1] !== p) return true;
  if (s === '') return hasFlag(flags, `${p}0`);
  return hasFlag(flags, `${p}${s}`) || (hasFlag(flags, `${p}0`) && hasFlag(flags, `${s}0`));
}

/** meN- / peN- with nasal assimilation: every reading, the usual one first. */
function nasal(w: string, kind: number, add: (rest: string, kind: number) => void): void {
  const c2 = w[2];
  const c3 = w[3];
  if (c2 === 'n' && c3 === 'g') {
    const rest = w.slice(4);
    // menge-/penge- before a root of one syllable: mengebom → bom, pengecekan → cek.
    if (w[4] === 'e' && w[5] !== undefined && !isVowel(w[5]) && vowelCount(w.slice(5)) === 1) add(w.slice(5), kind);
    if (isVowel(w[4])) {
      add(`k${rest}`, kind); // mengirim → kirim
      add(rest, kind); // mengajar → ajar
      add(w.slice(2), kind); // menganga → nganga
    } else if (/^(g|h|k|q|kh)/.test(rest)) add(rest, kind);
    return;
  }
  if (c2 === 'n' && c3 === 'y') {
    if (isVowel(w[4])) add(`s${w.slice(4)}`, kind); // menyapu → sapu
    add(w.slice(2), kind); // menyanyi → nyanyi
    return;
  }
  if (c2 === 'n') {
    const rest = w.slice(3);
    if (isVowel(c3)) {
      add(`t${rest}`, kind); // menulis → tulis
      add(`n${rest}`, kind); // menilai → nilai
    } else if (c3 !== undefined && 'cdjzst'.includes(c3)) add(rest, kind); // mendidik, mentaati, mensyukuri
    return;
  }
  if (c2 === 'm') {
    const rest = w.slice(3);
    if (isVowel(c3)) {
      add(`p${rest}`, kind); // memukul → pukul
      add(`m${rest}`, kind); // memakan → makan
    } else if (c3 !== undefined && 'bpfv'.includes(c3)) add(rest, kind); // membina, memproteksi
    return;
  }
  if (c2 !== undefined && !isVowel(c2)) add(w.slice(2), kind === K_PENG ? K_PE : kind); // melatih, menganga, pelatih
}

/** The prefixes that can be cut from the front of `w`; `outer`: nothing was cut before. */
function prefixOptions(w: string, outer: boolean, add: (rest: string, kind: number) => void): void {
  const c0 = w[0];
  if (c0 === 'm') {
    if (outer && w[1] === 'e') nasal(w, K_MENG, add);
    return;
  }
  if (c0 === 'd') {
    if (outer && w[1] === 'i') add(w.slice(2), K_DI);
    return;
  }
  if (c0 === 'k') {
    if (w[1] === 'e') add(w.slice(2), K_KE);
    else if (outer && w[1] === 'u') add(w.slice(2), K_KU);
    else if (outer && w[1] === 'a' && w[2] === 'u') add(w.slice(3), K_KU);
    return;
  }
  if (c0 === 's') {
    if (w[1] === 'e') add(w.slice(2), K_SE);
    return;
  }
  if (c0 === 't') {
    if (w[1] !== 'e') return;
    if (w[2] === 'r') add(w.slice(3), K_TER); // terasing → asing, tergerak → gerak
    add(w.slice(2), K_TER); // teraup → raup, teterbang → terbang
    return;
  }
  if (c0 === 'b') {
    if (w[1] !== 'e') return;
    if (w.startsWith('belajar')) add(w.slice(3), K_BER);
    if (w[2] === 'r') add(w.slice(3), K_BER); // beradu → adu
    add(w.slice(2), K_BER); // berambut → rambut, bekerja → kerja
    return;
  }
  if (c0 === 'p') {
    if (w[1] !== 'e') return;
    if (w.startsWith('pelajar')) add(w.slice(3), K_PER);
    nasal(w, K_PENG, add); // pembinaan, penulis, pengajar, penyapu, pelatih, pewarna
    if (w[2] === 'r') {
      add(w.slice(3), K_PER); // peradilan → adil
      add(w.slice(2), K_PER); // perumahan → rumah
    } else if (!isVowel(w[2]) && w[2] !== 'l' && w[2] !== 'm' && w[2] !== 'n') add(w.slice(2), K_PE); // petani → tani
  }
}

/** Every reading of `w` without 1–3 prefixes: (rest, prefixes cut, outermost kind, innermost kind). */
function prefixReadings(w: string, depth: number, outerKind: number, visit: (rest: string, cut: number, outer: number, inner: number) => void): void {
  if (depth >= 3 || w.length < 5) return;
  prefixOptions(w, depth === 0, (rest, kind) => {
    if (rest.length < MIN_ROOT) return;
    const outer = depth === 0 ? kind : outerKind;
    visit(rest, depth + 1, outer, kind);
    prefixReadings(rest, depth + 1, outer, visit);
  });
}

/** Infixes -el- -em- -er- -in- and the partial reduplication Ce- (kinerja, gemetar, rerata). */
function infixReadings(w: string, visit: (root: string) => void): void {
  if (w.length < 6) return;
  const c0 = w[0] as string;
  if (isVowel(c0)) return;
  const two = w.slice(1, 3);
  if (two === 'el' || two === 'em' || two === 'er' || two === 'in') visit(c0 + w.slice(3));
  if (w[1] === 'e' && w[2] === c0) visit(w.slice(2));
}

/** The word without particle and possessive: [form, cuts], fewest cuts first. */
function inflections(w: string): [string, number][] {
  const out: [string, number][] = [[w, 0]];
  const particle = /(lah|kah|tah|pun)$/.test(w) && w.length > 5 ? w.slice(0, -3) : null;
  const possessive = (f: string): string | null => {
    if (f.endsWith('nya') && f.length > 5) return f.slice(0, -3);
    if ((f.endsWith('ku') || f.endsWith('mu')) && f.length > 4) return f.slice(0, -2);
    return null;
  };
  if (particle) out.push([particle, 1]);
  const p1 = possessive(w);
  if (p1) out.push([p1, 1]);
  const p2 = particle ? possessive(particle) : null;
  if (p2) out.push([p2, 2]);
  return out;
}

/** The form without its derivational suffix: (base, suffix kind), suffix cuts first, none last. */
function suffixReadings(f: string, visit: (base: string, kind: number) => void): void {
  if (f.endsWith('kan')) visit(f.slice(0, -3), S_KAN);
  if (f.endsWith('an')) visit(f.slice(0, -2), S_AN);
  if (f.endsWith('i')) visit(f.slice(0, -1), S_I);
  for (const s of LOAN_SUFFIXES) if (f.endsWith(s)) visit(f.slice(0, -s.length), S_LOAN);
  visit(f, S_NONE);
}

/** The best root among the readings of `word`, or null when none is in the dictionary. */
function dictionaryStem(word: string, dict: ReadonlyMap<string, string>): string | null {
  let best: string | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  let bestWeight = 0;
  const consider = (root: string, cost: number, inner: number, suffix: number) => {
    if (cost > bestCost || root.length < MIN_ROOT) return;
    const flags = dict.get(root);
    if (flags === undefined) return;
    const c = cost + (listed(flags, inner, suffix) ? 0 : flags ? C_UNLISTED : C_NO_FLAGS);
    // Equal cost: the root that takes more affixes (the more productive word) wins — mengurus is
    // urus, not kurus; mengalahkan is kalah, not alah.
    const weight = flags === ANY_READING ? Number.MAX_SAFE_INTEGER : flags.length;
    if (c < bestCost || (c === bestCost && weight > bestWeight)) {
      best = root;
      bestCost = c;
      bestWeight = weight;
    }
  };
  for (const [form, cuts] of inflections(word)) {
    const c1 = cuts * C_AFFIX;
    if (c1 > bestCost) continue;
    suffixReadings(form, (base, suffix) => {
      if (base.length < MIN_ROOT) return;
      const c2 = c1 + (suffix === S_NONE ? 0 : C_AFFIX);
      if (c2 > bestCost) return;
      // The form itself is the root only when something was cut (else it was checked first);
      // a lone -i is the rarer reading (petani: pe-tani before petan-i).
      if (suffix !== S_NONE || cuts > 0) consider(base, c2 + (suffix === S_I ? C_LONE_I : 0), 0, suffix);
      infixReadings(base, (r) => consider(r, c2 + C_INFIX, 0, suffix));
      prefixReadings(base, 0, 0, (rest, cut, outer, inner) => {
        const c = c2 + cut * C_AFFIX + (invalidConfix(outer, suffix) ? C_CONFIX : 0);
        consider(rest, c, inner, suffix);
        infixReadings(rest, (r) => consider(r, c + C_INFIX, inner, suffix));
      });
    });
  }
  return best;
}

/**
 * A root that is a dictionary word with a loan suffix comes down to its base (budayawan → budaya,
 * karyawati → karya, idealisme → ideal, idealis → ideal); -isasi words stay (organisasi, not organ).
 */
function loanBase(root: string, dict: ReadonlyMap<string, string>): string {
  for (const s of DICTIONARY_LOAN_SUFFIXES) {
    if (!root.endsWith(s)) continue;
    const base = root.slice(0, -s.length);
    if (base.length >= 4 && dict.has(base)) return base;
  }
  if (root.endsWith('is') && !root.endsWith('isis')) {
    const base = root.slice(0, -2);
    if (base.length >= 5 && dict.has(base)) return base;
  }
  return root;
}

function stemUncached(word: string): string {
  if (word.length <= 3 || !ASCII_WORD.test(word)) return word;
  const dict = roots();
  if (dict.has(word)) return loanBase(word, dict);
  const root = dictionaryStem(word, dict);
  return root === null ? ruleBased(word) : loanBase(root, dict);
}

const cache = new Map<string, string>();
const CACHE_MAX = 200_000;

/** The stem of a folded word token (see the header). */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const s = stemUncached(word);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(word, s);
  return s;
}

/** Forget the memoised stems (after a build, to give the memory back). */
export function clearStemCache(): void {
  cache.clear();
}

// ---- without a dictionary root: the rule-based reading ---------------------------------------

function vowelCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isVowel(s[i])) n++;
  return n;
}

// Tala's order, as the previous stemmer read a word without a known root: particles `-lah -kah
// -pun`, then `-nya` (> 2 vowels); a first-order prefix (meN- peN- di- ter- ke- se-), a suffix
// (`-kan -an -i` under the confix rules, `-i` only after a prefix and never in `-si`), then a
// second-order prefix (ber- per- pe-, peN- after ke-/di-); or a second-order prefix and a suffix.
// Words of two syllables or fewer are left alone.
const R_MENG = 1;
const R_PENG = 2;
const R_DI = 4;
const R_TER = 8;
const R_KE = 16;
const R_SE = 32;
const R_BER = 64;
const R_PER = 128;
const R_PE = 256;

function ruleNasal(w: string): [string, number] | null {
  const head = w.slice(0, 2);
  if (head !== 'me' && head !== 'pe') return null;
  const kind = head === 'me' ? R_MENG : R_PENG;
  const c2 = w[2];
  const c3 = w[3];
  if (c2 === 'n' && c3 === 'g') {
    const menge = w[4] === 'e' && w[5] !== undefined && !isVowel(w[5]) ? w.slice(5) : null;
    if (menge !== null) {
      for (const suffix of ['', 'kan', 'an', 'i']) {
        if (!menge.endsWith(suffix)) continue;
        const bare = menge.slice(0, menge.length - suffix.length);
        if (vowelCount(bare) === 1 && bare.length >= 3) return [bare, kind];
      }
    }
    const rest = w.slice(4);
    if (isVowel(w[4]) || /^(g|h|k|q|kh)/.test(rest)) return [rest, kind];
    return null;
  }
  if (c2 === 'n' && c3 === 'y' && isVowel(w[4])) return [`s${w.slice(4)}`, kind];
  if (c2 === 'n') {
    if (isVowel(c3)) return [`t${w.slice(3)}`, kind];
    if (c3 && 'cdjtsz'.includes(c3)) return [w.slice(3), kind];
    return null;
  }
  if (c2 === 'm') {
    if (isVowel(c3)) return [`p${w.slice(3)}`, kind];
    if (c3 && 'bpfv'.includes(c3)) return [w.slice(3), kind];
    return null;
  }
  if (head === 'me' && c2 && 'lrwy'.includes(c2)) return [w.slice(2), kind];
  return null;
}

function ruleFirst(w: string): [string, number] | null {
  const n = ruleNasal(w);
  if (n) return n;
  if (w.startsWith('di')) return [w.slice(2), R_DI];
  if (w.startsWith('ter')) return [w.slice(3), R_TER];
  if (w.startsWith('ke')) return [w.slice(2), R_KE];
  if (w.startsWith('se')) return [w.slice(2), R_SE];
  return null;
}

function ruleSecond(w: string, afterFirst: boolean): [string, number] | null {
  if (w.startsWith('belajar') || w.startsWith('pelajar')) return [w.slice(3), w[0] === 'b' ? R_BER : R_PER];
  if (w.startsWith('ber')) return [w.slice(3), R_BER];
  if (w.startsWith('be') && !isVowel(w[2]) && w[3] === 'e' && w[4] === 'r') return [w.slice(2), R_BER];
  if (afterFirst) {
    const n = ruleNasal(w);
    if (n && n[1] === R_PENG) return n;
  }
  if (w.startsWith('per')) return [w.slice(3), R_PER];
  if (w.startsWith('pe') && !isVowel(w[2])) return [w.slice(2), R_PE];
  return null;
}

function ruleSuffix(w: string, kind: number): string | null {
  if (vowelCount(w) <= 2) return null;
  const out: string[] = [];
  if (w.endsWith('kan') && !(kind & (R_KE | R_PENG | R_PE))) out.push(w.slice(0, -3));
  if (w.endsWith('an') && !(kind & (R_DI | R_MENG | R_TER))) out.push(w.slice(0, -2));
  if (w.endsWith('i') && !w.endsWith('si') && kind !== 0 && !(kind & (R_BER | R_KE | R_PENG | R_SE))) out.push(w.slice(0, -1));
  return out.find((r) => r.length >= 3) ?? null;
}

const ruleValid = (r: string): boolean => r.length >= 3 && vowelCount(r) >= 1;

/** The rule-based reading of a word none of whose readings is a known root. */
export function ruleBased(word: string): string {
  let w = word;
  if (vowelCount(w) > 2 && /(lah|kah|pun)$/.test(w) && w.length >= 6) w = w.slice(0, -3);
  if (vowelCount(w) > 2 && w.endsWith('nya') && w.length > 5) w = w.slice(0, -3);
  if (vowelCount(w) <= 2) return w;
  const first = ruleFirst(w);
  if (first) {
    const [r, kind] = first;
    if (!ruleValid(r)) return w;
    const s = ruleSuffix(r, kind);
    if (s === null) return r;
    const second = vowelCount(s) > 2 ? ruleSecond(s, true) : null;
    return second && ruleValid(second[0]) ? second[0] : s;
  }
  const second = ruleSecond(w, false);
  if (second) {
    const [r, kind] = second;
    if (!ruleValid(r)) return w;
    return ruleSuffix(r, kind) ?? r;
  }
  return ruleSuffix(w, 0) ?? w;
}
