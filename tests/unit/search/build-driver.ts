/**
 * Child process for the crash test: builds the search index of an archive and reports progress
 * on stdout ("progress <done> <total>"), so the test can kill -9 it in the middle of the build.
 */
import { SearchIndex } from '../../../main/core/search';

const dir = process.argv[2] as string;
const index = await SearchIndex.open(dir, {
  onProgress: (done, total) => process.stdout.write(`progress ${done} ${total}\n`),
});
process.stdout.write('done\n');
await index.close();
