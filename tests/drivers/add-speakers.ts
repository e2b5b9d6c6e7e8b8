/**
 * Test driver (a second process on the same archive, for tests/unit/archive/processes.test.ts):
 * adds COUNT people to the speaker directory as fast as it can, each one acknowledged on stdout.
 *   node <bundle> ARCHIVE_DIR PREFIX COUNT
 */
import { Archive } from '../../main/core/archive/archive';
import { addSpeaker } from '../../main/core/speakers';

const [dir, prefix, count] = process.argv.slice(2);
if (!dir || !prefix || !count) throw new Error('usage: add-speakers ARCHIVE PREFIX COUNT');
const archive = await Archive.open(dir);
process.stdout.write('ready\n');
for (let i = 1; i <= Number(count); i++) {
  await addSpeaker(archive, { name: `${prefix} ${i}`, title: 'Kepala Seksi', org: 'Rutan Kelas IIB Kudus', notes: '' });
  process.stdout.write(`ack ${i}\n`);
}
archive.close();
