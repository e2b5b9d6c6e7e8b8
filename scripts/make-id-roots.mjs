#!/usr/bin/env node
// Make main/core/search/data/id-roots.txt, the stemmer's dictionary of Indonesian root words, from
// hunspell-id's word list (Debian package `hunspell-id`, LGPL-3.0; see that folder's README.md).
//   apt-get install hunspell-id && node scripts/make-id-roots.mjs [/usr/share/hunspell/id_ID.dic]
// What it changes (the list's licence asks for modifications to be marked): keeps the stem of each
// entry (the part before "/"), lower-cased, only entries of three or more letters a–z (hyphenated
// forms, abbreviations with dots and accented words are left out), sorted and without duplicates;
// each root is followed by its hunspell affix flags (below), if any. Nothing is added: the stemmer
// adds the domain's own roots itself.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? '/usr/share/hunspell/id_ID.dic';
const out = path.join(root, 'main', 'core', 'search', 'data', 'id-roots.txt');

let text;
try {
  // hunspell-id's .aff says SET ISO8859-1.
  text = readFileSync(source, 'latin1');
} catch {
  process.stderr.write(`cannot read ${source}: install Debian's hunspell-id (apt-get install hunspell-id) or give the path of id_ID.dic\n`);
  process.exit(2);
}
const lines = text.split(/\r?\n/).slice(1); // the first line is the entry count
// After a root, its hunspell flags as they are (two characters each, FLAG long): they say which
// affixes the root takes (M0 meN-, Mk meN-…-kan, P0 peN-, Pa peN-…-an, B0 ber-, D0 di-, a0 -an…;
// see id_ID.aff), and the stemmer uses them to choose between readings (mengupas: kupas takes
// meN-, upas does not).
const roots = new Map();
for (const line of lines) {
  const [stem, rest = ''] = line.trim().split('/');
  const word = stem.trim().toLowerCase();
  if (!/^[a-z]{3,}$/.test(word)) continue;
  const flags = (rest.split(/\s/)[0] ?? '').replace(/[^A-Za-z0-9]/g, '');
  const pairs = new Set(roots.get(word) ?? []);
  for (let i = 0; i + 1 < flags.length; i += 2) pairs.add(flags.slice(i, i + 2));
  roots.set(word, pairs);
}
const sorted = [...roots.keys()].sort().map((w) => {
  const flags = [...roots.get(w)].sort().join('');
  return flags ? `${w} ${flags}` : w;
});
const header = [
  '# Indonesian root words for the search stemmer (main/core/search/stemmer.ts).',
  '# Source: hunspell-id, id_ID.dic (Debian package hunspell-id 1:7.5.0-1, from LibreOffice dictionaries;',
  '# upstream: the hunspell-id project, shuLhan/hunspell-id on GitHub). Copyright the hunspell-id',
  '# authors (Kurniadi, Volker Mueller, Arno Brevoort, Ammar Shadiq, Viko Adi Rahmawan, Benitius Brevoort, Shulhan).',
  '# Licence: LGPL-3.0-only (LICENSE.LGPL-3.0 and LICENSE.GPL-3.0 beside this file).',
  '# Modified (see README.md beside this file): made by scripts/make-id-roots.mjs — stems lower-cased, a-z only,',
  '# three letters or more, sorted, duplicates merged; after a root, its hunspell affix flags (id_ID.aff: M0 meN-,',
  '# Mk meN-…-kan, P0 peN-, Pa peN-…-an, B0 ber-, D0 di-, a0 -an…). One root per line; # starts a comment.',
];
writeFileSync(out, `${header.join('\n')}\n${sorted.join('\n')}\n`);
process.stderr.write(`${sorted.length} roots written to ${path.relative(root, out)}\n`);
