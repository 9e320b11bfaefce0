import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, SQLITE_FILE } from './config';

// `npm run backup -- <file>`: a consistent copy of the live store, taken while the server runs.

const USAGE = 'usage: npm run backup -- <backup-file>   (reads DATA_DIR like the server)';

async function main(args: string[]): Promise<number> {
  const target = args[0];
  if (!target || args.length > 1 || target.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const source = join(config.dataDir, SQLITE_FILE);
  const dest = resolve(target);
  if (!existsSync(source)) {
    console.error(`no store at ${source}; is DATA_DIR set as for the server?`);
    return 1;
  }
  if (dest === source) {
    console.error('the backup file must not be the live store itself');
    return 1;
  }
  if (existsSync(dest)) {
    console.error(`${dest} exists already; choose a new file name`);
    return 1;
  }
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    // One step for all pages: a single read snapshot, so the server's writes meanwhile cannot restart the copy.
    await db.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(partial, { fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    copy.pragma('journal_mode = DELETE');
    const workshops = (copy.prepare('SELECT COUNT(*) AS n FROM workshops').get() as { n: number }).n;
    copy.close();
    renameSync(partial, dest);
    console.log(`backup written to ${dest} (${statSync(dest).size} bytes, ${workshops} workshops)`);
    return 0;
  } catch (err) {
    if (copy.open) copy.close();
    rmSync(partial, { force: true });
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
