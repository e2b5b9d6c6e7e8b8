/**
 * Test driver (run in a child process, killed with SIGKILL by tests/unit/archive/crash.test.ts):
 * edits events of an archive as fast as it can and prints `ack <eventId> <n>` after each edit
 * the archive has acknowledged (i.e. written and fsynced).
 *   node <bundle> ARCHIVE_DIR EVENT_ID...
 */
import { Archive } from '../../main/core/archive/archive';

const [dir, ...ids] = process.argv.slice(2);
if (!dir || ids.length === 0) throw new Error('usage: edit-burst ARCHIVE EVENT...');
const archive = await Archive.open(dir);
process.stdout.write('ready\n');
const counters = new Map<string, number>();
await Promise.all(
  ids.map(async (id) => {
    for (;;) {
      const n = (counters.get(id) ?? 0) + 1;
      await archive.mutateEvent(id, (ev) => ({ ...ev, description: `edit ${n}`, tags: [`n${n}`] }));
      counters.set(id, n);
      process.stdout.write(`ack ${id} ${n}\n`);
    }
  }),
);
