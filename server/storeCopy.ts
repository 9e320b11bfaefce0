import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, SQLITE_FILE } from './config';
import { copyToPostgres, redactUrl, type CopySummary } from './store/copy/copyToPostgres';

// `npm run store:copy -- --to postgres://…`: the SQLite store into PostgreSQL (docs/scale-out.md,
// "Moving up from SQLite"). Safe while the server runs; exit 0 copied or nothing new, 1 failed, 2 usage.

const USAGE = `usage: npm run store:copy -- --to postgres://user:password@host:5432/db [--from <sqlite-file>]   (--from defaults to ${SQLITE_FILE} in DATA_DIR, like the server)`;

function parse(args: string[]): { to: string; from: string | undefined } | null {
  try {
    const { values } = parseArgs({ args, options: { to: { type: 'string' }, from: { type: 'string' } }, strict: true, allowPositionals: false });
    if (!values.to || !/^postgres(ql)?:\/\/\S+$/.test(values.to) || values.from === '') return null;
    return { to: values.to, from: values.from };
  } catch {
    return null;
  }
}

function report(summary: CopySummary): void {
  const width = Math.max(...summary.tables.map((t) => t.table.length));
  console.log(`${'table'.padEnd(width)}  copied  already there`);
  for (const t of summary.tables) console.log(`${t.table.padEnd(width)}  ${String(t.copied).padStart(6)}  ${String(t.alreadyThere).padStart(13)}`);
  console.log('checked: every table in PostgreSQL holds exactly the rows of the SQLite store (counts and sha256)');
  console.log(summary.copied === 0 ? 'nothing new: PostgreSQL already held every row' : `copied ${summary.copied} rows`);
}

async function main(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (!parsed) {
    console.error(USAGE);
    return 2;
  }
  const from = parsed.from ? resolve(parsed.from) : join(loadConfig().dataDir, SQLITE_FILE);
  console.log(`copying ${from} into ${redactUrl(parsed.to)}`);
  report(await copyToPostgres(from, parsed.to));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`store copy failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
