/**
 * Test driver for the kill -9 test of "Kenali pembicara" (tests/unit/diarization/resume.test.ts):
 * opens a host on an archive as the app does, starts the job on a recording through the contract,
 * and prints one line per job update (`job <stage> <fraction>`) and, once the engine child runs,
 * `engine <pid>` — until it is killed with -9.
 *   node <bundle> ARCHIVE_DIR CONFIG_DIR MODELS_DIR EVENT_ID RECORDING_ID
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { JobInfo } from '../../main/api/schemas';
import { openHost } from '../../main/host/host';

const [archiveDir, settingsDir, modelsDir, eventId, recordingId] = process.argv.slice(2);
if (!archiveDir || !settingsDir || !modelsDir || !eventId || !recordingId) throw new Error('usage: diarize-host ARCHIVE CONFIG MODELS EVENT RECORDING');

/** The diarization engine among this process's children. */
function engineChild(): number | null {
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('diarize-worker')) return Number(p);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

const host = await openHost({ archiveDir, settingsDir, modelsDir, kind: 'electron', log: (m, e) => process.stderr.write(`${m} ${String(e)}\n`) });
let told = false;
host.pushes.subscribe((name, payload) => {
  if (name !== 'job.updated') return;
  const { job } = payload as { job: JobInfo };
  process.stdout.write(`job ${job.state} ${job.stage} ${job.fraction ?? ''}\n`);
  if (!told && job.stage === 'embedding') {
    const pid = engineChild();
    if (pid) {
      told = true;
      process.stdout.write(`engine ${pid}\n`);
    }
  }
});
const r = await host.dispatch('diarization.start', { eventId, recordingIds: [recordingId], speakers: 3 });
process.stdout.write(`started ${JSON.stringify(r.ok)}\n`);
