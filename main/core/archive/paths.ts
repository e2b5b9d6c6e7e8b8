/**
 * Where archives live.
 *
 * Owns: the default archive folder — `RISALAH_ARCHIVE` if set, otherwise `Risalah` inside the
 * user's Documents folder (`~/Documents/Risalah`, or `~/Risalah` where there is no Documents
 * folder). The desktop app and the CLI use the same default, so both see the same archive.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function defaultArchiveDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.RISALAH_ARCHIVE?.trim();
  if (fromEnv) return path.resolve(fromEnv);
  const home = os.homedir();
  const documents = path.join(home, 'Documents');
  return existsSync(documents) ? path.join(documents, 'Risalah') : path.join(home, 'Risalah');
}
