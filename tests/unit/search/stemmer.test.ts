/**
 * The Indonesian stemmer on real words: affixed forms meet at their root, nasal assimilation is
 * undone, and words that only look affixed are left alone.
 */
import { describe, expect, it } from 'vitest';
import { stem } from '../../../main/core/search/stemmer';

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

  it('is consistent: a stem is its own stem for the words above', () => {
    const all = FAMILIES.flatMap(([, w]) => w);
    for (const w of all) expect(stem(stem(w))).toBe(stem(w));
  });
});
