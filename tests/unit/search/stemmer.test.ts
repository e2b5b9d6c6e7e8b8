/**
 * The Indonesian stemmer on real words: affixed forms meet at their root, nasal assimilation is
 * undone, and words that only look affixed are left alone.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GLOSSARY } from '../../../main/core/archive/defaults';
import { roots, ROOTS_FILE, stem, STEMMER_VERSION } from '../../../main/core/search/stemmer';
import { tokenize } from '../../../main/core/search/text';
import { loadPairs, SETS } from './pairs';

/** Words that must share one stem (the first column is the root we expect). */
const FAMILIES: [string, string[]][] = [
  ['bina', ['bina', 'membina', 'pembinaan', 'pembina', 'binaan', 'dibina', 'pembinanya', 'membinanya', 'dibinalah']],
  ['pimpin', ['pimpin', 'memimpin', 'pemimpin', 'dipimpin', 'kepemimpinan', 'pimpinan']],
  ['tulis', ['tulis', 'menulis', 'penulis', 'tulisan', 'ditulis', 'penulisan']], // men-/pen- + t
  ['pukul', ['pukul', 'memukul', 'pemukul', 'dipukul', 'pukulan']], // mem-/pem- + p
  ['sapu', ['sapu', 'menyapu', 'penyapu', 'disapu']], // meny-/peny- + s
  ['ajar', ['ajar', 'mengajar', 'pengajar', 'pengajaran', 'ajaran', 'belajar', 'pelajaran', 'mempelajari', 'diajarkan']], // meng- + vowel
  ['kirim', ['kirim', 'mengirim', 'pengiriman', 'dikirim', 'kiriman']], // meng- + k
  ['cek', ['cek', 'mengecek', 'pengecekan', 'dicek']], // menge- + one syllable
  ['bom', ['bom', 'mengebom', 'pengeboman']],
  ['guna', ['guna', 'menggunakan', 'penggunaan', 'digunakan', 'kegunaan']], // meng- + g
  ['hadir', ['hadir', 'menghadiri', 'dihadiri', 'kehadiran']], // meng- + h, -i
  ['nilai', ['nilai', 'menilai', 'penilaian', 'dinilai']], // men- + n root
  ['nyata', ['nyata', 'menyatakan', 'pernyataan', 'kenyataan', 'dinyatakan', 'ternyata']], // meny- + ny root
  ['masuk', ['masuk', 'memasukkan', 'pemasukan', 'masukan', 'dimasukkan', 'termasuk']], // mem- + m root
  ['milik', ['milik', 'memiliki', 'pemilik', 'kepemilikan', 'dimiliki']],
  ['kelola', ['kelola', 'mengelola', 'pengelolaan', 'dikelola']],
  ['sampai', ['sampai', 'menyampaikan', 'penyampaian', 'disampaikan']],
  ['tandatangan', ['menandatangani', 'penandatanganan', 'ditandatangani']],
  ['lantik', ['lantik', 'melantik', 'pelantikan', 'dilantik']],
  ['kukuh', ['kukuh', 'mengukuhkan', 'pengukuhan', 'dikukuhkan']],
  ['kunjung', ['kunjungan', 'berkunjung', 'mengunjungi', 'dikunjungi']],
  ['serah', ['serah', 'menyerahkan', 'penyerahan', 'diserahkan']],
  ['sambut', ['sambut', 'menyambut', 'sambutan', 'disambut']],
  ['latih', ['latih', 'melatih', 'pelatihan', 'dilatih', 'pelatih']],
  ['hasil', ['hasil', 'berhasil', 'keberhasilan']],
  ['baik', ['baik', 'memperbaiki', 'perbaikan', 'diperbaiki']],
  ['kuat', ['kuat', 'memperkuat', 'menguatkan', 'penguatan', 'diperkuat']],
  ['tingkat', ['tingkat', 'meningkatkan', 'peningkatan', 'ditingkatkan']],
  ['awas', ['awas', 'mengawasi', 'pengawasan', 'diawasi']],
  ['lindung', ['lindung', 'melindungi', 'perlindungan', 'dilindungi']],
  ['layan', ['layan', 'melayani', 'pelayanan', 'layanan', 'dilayani']],
  ['didik', ['didik', 'mendidik', 'pendidikan', 'pendidik', 'dididik']], // peN-…-an, not -kan
  ['kolaborasi', ['kolaborasi', 'berkolaborasi']], // -si is not -i
  ['sosialisasi', ['sosialisasi', 'mensosialisasikan', 'disosialisasikan']],
  ['sepakat', ['sepakat', 'kesepakatan', 'menyepakati', 'disepakati']],
  ['kerja', ['kerja', 'bekerja', 'pekerja', 'pekerjaan', 'dikerjakan', 'mengerjakan']],
  ['tahan', ['tahan', 'tahanan', 'penahanan', 'ditahan', 'menahan']],
  ['perlu', ['perlu', 'keperluan', 'diperlukan', 'memerlukan']],
  ['pemerintah', ['pemerintah', 'pemerintahan', 'pemerintahnya']],
  ['pemasyarakatan', ['pemasyarakatan', 'pemasyarakatannya']],
  ['masyarakat', ['masyarakat', 'kemasyarakatan', 'bermasyarakat']],
  ['menteri', ['menteri', 'kementerian']],
];

/** The classes issue 18 found missing (word → root), each now read through the dictionary. */
const ISSUE_18: [string, string][] = [
  // possessive and particle clitics
  ['jubahku', 'jubah'], ['bajumu', 'baju'], ['bukumukah', 'buku'], ['kulitkupun', 'kulit'], ['sakitimu', 'sakit'], ['apatah', 'apa'],
  // ber-/ter-/per- before r; meN-/peN- whose first letter dropped or stayed
  ['berambut', 'rambut'], ['teraup', 'raup'], ['perumahan', 'rumah'], ['mengikis', 'kikis'], ['mengokohkan', 'kokoh'],
  ['menuklir', 'nuklir'], ['menganga', 'nganga'], ['memakan', 'makan'], ['mengupas', 'kupas'], ['mengurus', 'urus'],
  // infixes, partial reduplication, loan suffixes
  ['kinerja', 'kerja'], ['rerata', 'rata'], ['lelembut', 'lembut'], ['budayawan', 'budaya'], ['karyawati', 'karya'], ['idealisme', 'ideal'], ['finalisasi', 'final'],
  // words that only look affixed
  ['teriakanmu', 'teriak'], ['berikanku', 'beri'],
  // proclitics, several prefixes
  ['kupukul', 'pukul'], ['kauhajar', 'hajar'], ['memberdayakan', 'daya'], ['keberuntunganmu', 'untung'], ['ditindaklanjuti', 'tindaklanjut'],
];

/** Words that look affixed but are roots (or terms of art): left as they are. */
const ROOTS = [
  'berita', 'kepala', 'keluarga', 'ketua', 'menteri', 'media', 'direktur', 'direktorat', 'sekolah', 'masalah', 'selamat',
  'pertama', 'perempuan', 'peserta', 'penjara', 'terima', 'sejarah', 'semangat', 'negeri', 'bupati', 'teknologi',
  'ekonomi', 'warga', 'rutan', 'lapas', 'narapidana', 'kolaborasi', 'pemasyarakatan', 'indonesia', 'jakarta', 'makan',
];

describe('the stemmer', () => {
  for (const [root, words] of FAMILIES) {
    it(`brings ${words.join(', ')} to "${root}"`, () => {
      expect(Object.fromEntries(words.map((w) => [w, stem(w)]))).toEqual(Object.fromEntries(words.map((w) => [w, root])));
    });
  }

  it('leaves roots and words that only look affixed alone', () => {
    expect(Object.fromEntries(ROOTS.map((w) => [w, stem(w)]))).toEqual(Object.fromEntries(ROOTS.map((w) => [w, w])));
  });

  it('keeps different words apart', () => {
    // A stemmer that cut everything to a few letters would pass the families: this it would not.
    const distinct = ['bina', 'binatang', 'kepala', 'pala', 'berita', 'rita', 'pemasyarakatan', 'masyarakat', 'pemerintah', 'perintah', 'tahan', 'tahun', 'lapas', 'lepas'];
    expect(new Set(distinct.map(stem)).size).toBe(distinct.length);
  });

  it('leaves short words, numbers and other scripts alone', () => {
    for (const w of ['di', 'ke', 'ini', 'wbp', '2025', 'pp27', 'مرحبا', 'ab']) expect(stem(w)).toBe(w);
  });

  it('strips particles and the possessive', () => {
    expect(stem('walaupun')).toBe('walau');
    expect(stem('marilah')).toBe('mari');
    expect(stem('programnya')).toBe('program');
    expect(stem('apakah')).toBe('apa');
  });

  it('reads what issue 18 found missing', () => {
    expect(Object.fromEntries(ISSUE_18.map(([w]) => [w, stem(w)]))).toEqual(Object.fromEntries(ISSUE_18));
  });

  it('stems the parts of reduplicated and hyphenated words as the tokenizer splits them', () => {
    const stems = (s: string) => tokenize(s).map(stem);
    expect(stems('buku-buku')).toEqual(['buku', 'buku']);
    expect(stems('meniru-niru')[0]).toBe('tiru');
    expect(stems('memanggil-manggil')[0]).toBe('panggil');
    expect(stems('menyebut-nyebut')[0]).toBe('sebut');
    expect(stems('berbalas-balasan')).toEqual(['balas', 'balas']);
    expect(stems('kuasa-Mu')[0]).toBe('kuasa');
    expect(stems('malaikat-malaikat-Nya').slice(0, 2)).toEqual(['malaikat', 'malaikat']);
  });

  it("keeps the glossary's acronyms and terms whole, and brings their affixed forms to them", () => {
    const terms = DEFAULT_GLOSSARY.map((g) => tokenize(g.term)).filter((t) => t.length === 1).map((t) => t[0] as string);
    expect(terms).toEqual(expect.arrayContaining(['ditjenpas', 'lapas', 'rutan', 'wbp', 'kemenimipas', 'kalapas', 'karutan']));
    expect(Object.fromEntries(terms.map((w) => [w, stem(w)]))).toEqual(Object.fromEntries(terms.map((w) => [w, w])));
    expect(['lapasnya', 'rutannya', 'ditjenpaslah', 'kanwilnya'].map(stem)).toEqual(['lapas', 'rutan', 'ditjenpas', 'kanwil']);
  });

  it('reads its dictionary: tens of thousands of roots, with their source and licence beside them', () => {
    expect(roots().size).toBeGreaterThan(25_000);
    const dir = path.join(import.meta.dirname, '..', '..', '..', 'main', 'core', 'search', 'data');
    expect(readFileSync(path.join(dir, ROOTS_FILE), 'utf8')).toMatch(/^# .*\n# Source: hunspell-id/);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('LGPL-3.0');
    expect(readFileSync(path.join(dir, 'LICENSE.LGPL-3.0'), 'utf8')).toContain('GNU LESSER GENERAL PUBLIC LICENSE');
  });

  it('changes no stem without a new STEMMER_VERSION (stored stems would no longer meet the queries)', () => {
    // Every root of the dictionary and every word of the test sets: if this digest changes, the
    // stems changed — bump STEMMER_VERSION (indexes are rebuilt) and write the new digest here.
    const words = [...roots().keys(), ...SETS.flatMap((set) => loadPairs(set, false).flatMap((p) => tokenize(`${p.word} ${p.root}`)))];
    const digest = createHash('sha256').update(words.map((w) => `${w}\t${stem(w)}`).join('\n')).digest('hex').slice(0, 16);
    expect({ STEMMER_VERSION, digest }).toEqual({ STEMMER_VERSION: 2, digest: '70be01946e5e9344' });
  });

  it('is consistent: a stem is its own stem for the words above', () => {
    const all = FAMILIES.flatMap(([, w]) => w);
    for (const w of all) expect(stem(stem(w))).toBe(stem(w));
  });
});
