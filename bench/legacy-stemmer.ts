/**
 * The search stemmer as it was before the dictionary (STEMMER_VERSION 1, rule-based with a small
 * list of known roots), kept for comparison only: bench/search.bench.ts builds the index with it
 * and with main/core/search/stemmer.ts side by side, and tests/unit/search/stemmer-recall.test.ts
 * checks that no word it stemmed right regresses. Not used by the app.
 *
 * Original header:
 *
 * A light Indonesian stemmer for search with affixes.
 *
 * Owns: the stem of a (folded) word, so that "pembinaan", "membina", "dibina", "binaan" and
 * "pembinanya" all come down to "bina". Rule-based, in the style of Nazief–Adriani / ECS
 * (confix stripping) and of Tala's stemmer for Bahasa Indonesia, with a small built-in list of
 * roots instead of a full dictionary:
 *
 *  1. particles `-lah -kah -pun`, then the possessive `-nya` (the word must keep > 2 vowels);
 *  2. derivational prefixes and suffixes: first-order prefixes `meN- peN- di- ter- ke- se-`,
 *     second-order `ber- per- pe-` (and `peN-` after `ke-`/`di-`), suffixes `-kan -an -i`, with
 *     the confix rules (no `di-…-an`, `meN-…-an`, `ter-…-an`, `ke-…-kan`, `peN-…-kan`,
 *     `ber-…-i`, `ke-…-i`, `peN-…-i`; `-i` only after a prefix and never in `-si`);
 *  3. nasal assimilation: `mem-/pem-` + b, f, p-dropped (memukul → pukul); `men-/pen-` + c, d, j,
 *     t-dropped (menulis → tulis); `meny-/peny-` + s-dropped (menyapu → sapu); `meng-/peng-` +
 *     g, h, k, vowel (mengajar → ajar, and k-dropped: mengirim → kirim); `menge-/penge-` +
 *     one-syllable roots (mengecek → cek).
 *
 * Where a rule is ambiguous (meN- + vowel can hide a p/m, t/n, s/ny or k/∅ root) every reading is
 * tried and the one that gives a known root wins (the longest known root, so "pemerintahan"
 * stops at "pemerintah" and "memperhatikan" goes on to "hati"); without a known root the most
 * frequent reading is used (p, t, s, no k). Known roots also stop over-stemming of words that
 * only look affixed (berita, kepala, menteri, sekolah, masalah…). Words with digits, words of
 * three letters or fewer and words of two syllables or fewer are left alone.
 *
 * The result only has to be consistent (the same word always gets the same stem, and a word's
 * affixed forms meet), not linguistically perfect. Changing the rules or the roots changes the
 * stems stored in search indexes: bump STEMMER_VERSION (the index is then rebuilt).
 */

export const STEMMER_VERSION = 1;

/**
 * Roots that disambiguate the rules, and words that must not be cut (they look affixed, or are
 * terms of art of the domain: "pemasyarakatan" is corrections, not "masyarakat").
 */
const ROOT_LIST = `
  pemasyarakatan pemerintah kemenimipas kemenkumham ditjenpas dirjenpas lapas rutan bapas
  masyarakat bina warga tahan tandatangan tanda tangan kolaborasi sinergi peran
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
  pulih paham pengaruh pedoman pesawat pemilu penyakit pendapat pensiun petani pemuda perdana
  rawat periode permata kerjasama
  ajar ambil atur ikut isi usul ubah undang ungkap upaya awas awal akhir ajak akui arah
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
  diagnosa diri dirjen ditjen
  terima teroris terminal teras terapi teman tertib terus
  sekolah sekretaris sekretariat sektor selamat seminar sejarah semangat selesai semua sekarang
  segera senior sesi sepeda sendiri seni setelah selalu sementara seperti sedekah sebelah
  serta sejak semoga seragam
  masalah istilah kuliah jumlah kalimat
  bupati negeri menteri materi kategori teori memori industri januari februari ekonomi
  teknologi strategi energi ideologi psikologi kriminologi tradisi
`;

const ROOTS: ReadonlySet<string> = new Set(ROOT_LIST.split(/\s+/).filter(Boolean));

const VOWEL = /[aeiou]/;
const ASCII_WORD = /^[a-z]+$/;

function vowels(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (VOWEL.test(s[i] as string)) n++;
  return n;
}

const isVowel = (c: string | undefined): boolean => c !== undefined && VOWEL.test(c);

// Prefix kinds, for the confix rules.
const P_MENG = 1;
const P_PENG = 2;
const P_DI = 4;
const P_TER = 8;
const P_KE = 16;
const P_SE = 32;
const P_BER = 64;
const P_PER = 128;
const P_PE = 256;

interface Strip {
  /** The remaining word(s), default reading first. */
  rests: string[];
  kind: number;
}

/** First-order prefixes: meN-, peN-, di-, ter-, ke-, se-. */
function firstOrder(w: string): Strip | null {
  const nasal = nasalPrefix(w);
  if (nasal) return nasal;
  if (w.startsWith('di')) return { rests: [w.slice(2)], kind: P_DI };
  if (w.startsWith('ter')) return { rests: [w.slice(3)], kind: P_TER };
  if (w.startsWith('ke')) return { rests: [w.slice(2)], kind: P_KE };
  if (w.startsWith('se')) return { rests: [w.slice(2)], kind: P_SE };
  return null;
}

/** meN- and peN- with nasal assimilation; every reading, the usual one first. */
function nasalPrefix(w: string): Strip | null {
  const head = w.slice(0, 2);
  if (head !== 'me' && head !== 'pe') return null;
  const kind = head === 'me' ? P_MENG : P_PENG;
  const c2 = w[2];
  const c3 = w[3];
  if (c2 === 'n' && c3 === 'g') {
    // meng-/peng-, and menge-/penge- before a one-syllable root (mengecek → cek).
    const rest = w.slice(4);
    const rests: string[] = [];
    const menge = w[4] === 'e' && w[5] !== undefined && !isVowel(w[5]) ? w.slice(5) : null;
    if (menge !== null) {
      // The root is one syllable; a suffix after it is cut here (the usual rules need > 2 vowels).
      for (const suffix of ['', 'kan', 'an', 'i']) {
        if (!menge.endsWith(suffix)) continue;
        const bare = menge.slice(0, menge.length - suffix.length);
        if (vowels(bare) === 1 && bare.length >= 3) {
          rests.push(bare);
          break;
        }
      }
    }
    if (isVowel(w[4])) rests.push(rest, `k${rest}`);
    else if (/^(g|h|k|q|kh)/.test(rest)) rests.push(rest);
    return rests.length ? { rests, kind } : null;
  }
  if (c2 === 'n' && c3 === 'y' && isVowel(w[4])) {
    const rest = w.slice(4);
    return { rests: [`s${rest}`, `ny${rest}`], kind };
  }
  if (c2 === 'n') {
    const rest = w.slice(3);
    if (isVowel(c3)) return { rests: [`t${rest}`, `n${rest}`], kind };
    if (c3 && /[cdjtsz]/.test(c3)) return { rests: [rest], kind };
    return null;
  }
  if (c2 === 'm') {
    const rest = w.slice(3);
    if (isVowel(c3)) return { rests: [`p${rest}`, `m${rest}`], kind };
    if (c3 && /[bpfv]/.test(c3)) return { rests: [rest], kind };
    return null;
  }
  if (head === 'me' && c2 && /[lrwy]/.test(c2)) return { rests: [w.slice(2)], kind };
  return null;
}

/** Second-order prefixes: ber-, per-, pe- (and peN- after ke-/di-: kepemimpinan). */
function secondOrder(w: string, afterFirst: boolean): Strip | null {
  if (w.startsWith('belajar') || w.startsWith('pelajar')) return { rests: [w.slice(3)], kind: w[0] === 'b' ? P_BER : P_PER };
  if (w.startsWith('ber')) return { rests: [w.slice(3)], kind: P_BER };
  if (w.startsWith('be') && !isVowel(w[2]) && w[3] === 'e' && w[4] === 'r') return { rests: [w.slice(2)], kind: P_BER };
  if (afterFirst) {
    const nasal = nasalPrefix(w);
    if (nasal && nasal.kind === P_PENG) return nasal;
  }
  if (w.startsWith('per')) return { rests: [w.slice(3), w.slice(2)], kind: P_PER };
  if (w.startsWith('pe') && !isVowel(w[2])) return { rests: [w.slice(2)], kind: P_PE };
  return null;
}

/**
 * Derivational suffixes allowed after the prefixes in `kind` (the confix rules). `-i` is not cut
 * from `-si` (kolaborasi, apresiasi) in the default reading; `anyReading` lets the known-roots
 * check see that cut too (diawasi → awas).
 */
function suffixes(w: string, kind: number, anyReading = false): string[] {
  const out: string[] = [];
  if (vowels(w) <= 2) return out;
  if (w.endsWith('kan') && !(kind & (P_KE | P_PENG | P_PE))) out.push(w.slice(0, -3));
  if (w.endsWith('an') && !(kind & (P_DI | P_MENG | P_TER))) out.push(w.slice(0, -2));
  if (w.endsWith('i') && (anyReading || !w.endsWith('si')) && kind !== 0 && !(kind & (P_BER | P_KE | P_PENG | P_SE))) out.push(w.slice(0, -1));
  return out.filter((r) => r.length >= 3);
}

/** The word without particles and possessive, fewest cuts first. */
function inflections(w: string): string[] {
  const out = [w];
  if (vowels(w) > 2 && /(lah|kah|pun)$/.test(w)) out.push(w.slice(0, -3));
  for (const f of [...out]) if (vowels(f) > 2 && f.endsWith('nya') && f.length > 5) out.push(f.slice(0, -3));
  return out.filter((f) => f.length >= 3);
}

const valid = (r: string): boolean => r.length >= 3 && vowels(r) >= 1;

/** Every reading of a word without inflections: [default reading, …others]. */
function derivations(w: string): string[] {
  const out: string[] = [];
  const push = (r: string) => {
    if (valid(r)) out.push(r);
  };
  // Default reading (Tala's order): first-order prefix → suffix → second-order prefix; or, when
  // there is no first-order prefix, second-order prefix → suffix.
  out.push(defaultReading(w));
  // Every other reading, for the known-roots check.
  push(w);
  for (const s of suffixes(w, 0, true)) push(s);
  // (Any length: a reading of a short word only counts when it is a known root — dicek → cek.)
  const first = firstOrder(w);
  if (first) {
    for (const r of first.rests) {
      if (!valid(r)) continue;
      push(r);
      const afterSuffix = [r, ...suffixes(r, first.kind, true)];
      for (const s of afterSuffix) {
        push(s);
        const second = vowels(s) > 2 ? secondOrder(s, true) : null;
        if (second) for (const t of second.rests) push(t);
        if (second) for (const t of second.rests) for (const u of suffixes(t, first.kind | second.kind, true)) push(u);
      }
    }
  }
  const second = vowels(w) > 2 ? secondOrder(w, false) : null;
  if (second) {
    for (const r of second.rests) {
      if (!valid(r)) continue;
      push(r);
      for (const s of suffixes(r, second.kind, true)) push(s);
    }
  }
  return out;
}

function defaultReading(w: string): string {
  const first = vowels(w) > 2 ? firstOrder(w) : null;
  if (first) {
    const r = first.rests[0] as string;
    if (!valid(r)) return w;
    const s = suffixes(r, first.kind)[0];
    if (s === undefined) return r;
    const second = vowels(s) > 2 ? secondOrder(s, true) : null;
    const t = second?.rests[0];
    return t !== undefined && valid(t) ? t : s;
  }
  const second = vowels(w) > 2 ? secondOrder(w, false) : null;
  if (second) {
    const r = second.rests[0] as string;
    if (!valid(r)) return w;
    return suffixes(r, second.kind)[0] ?? r;
  }
  return suffixes(w, 0)[0] ?? w;
}

function stemUncached(word: string): string {
  if (word.length <= 3 || !ASCII_WORD.test(word) || ROOTS.has(word)) return word;
  const forms = inflections(word);
  let best: string | null = null;
  for (const f of forms) {
    if (ROOTS.has(f)) {
      if (best === null || f.length > best.length) best = f;
      continue;
    }
    for (const r of derivations(f)) if (ROOTS.has(r) && (best === null || r.length > best.length)) best = r;
  }
  if (best !== null) return best;
  // No known root: the default reading of the word without its inflections.
  const base = forms[forms.length - 1] as string;
  return derivations(base)[0] as string;
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
