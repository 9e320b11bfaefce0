import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { boardRoom } from '@shared/rooms';
import { createNote, readBoard } from '@shared/schema/board';
import { SQLITE_FILE } from '../../server/config';
import { startChildServer } from '../helpers/childServer';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';
import { pace } from '../helpers/waits';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(joinPath(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `npm run backup -- …args` as an operator would, with the server's DATA_DIR. */
function runBackup(dataDir: string, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn('npm', ['run', '--silent', 'backup', '--', ...args], { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('backup and store checks', () => {
  it('copies the live store while clients write, and the copy serves the board after a restore', async () => {
    const dataDir = tempDir('fp-live-');
    const server = await startChildServer(dataDir);
    cleanups.push(() => server.kill());
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const ben = await join(server.url, w, 'participant', 'Ben');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    const b = connectRoom(server, boardRoom(w.id), ben.token);
    cleanups.push(() => a.destroy(), () => b.destroy());
    await Promise.all([a.synced, b.synced]);
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        createNote(a.doc, { text: `note ${i}`, x: (i % 20) / 10 - 1, y: 0.5, authorId: ana.participantId });
        await pace(5);
      }
    })();
    await until(() => readBoard(b.doc).notes.length >= 50, 'Ben to receive 50 notes', 10_000);
    const seenBeforeBackup = readBoard(b.doc).notes.map((n) => n.id);

    const file = joinPath(tempDir('fp-backup-'), 'four-paths-backup.sqlite');
    const result = await runBackup(dataDir, file);
    writing = false;
    await writer;
    expect(result.output).toMatch(/backup written to .*four-paths-backup\.sqlite \(\d+ bytes, 1 workshops\)/);
    expect(result.code).toBe(0);
    expect(existsSync(`${file}.partial`)).toBe(false);
    await server.kill('SIGTERM');

    // Restore as docs/reliability.md says: the backup becomes four-paths.sqlite of a fresh DATA_DIR, next to the session secret.
    const restored = tempDir('fp-restored-');
    copyFileSync(file, joinPath(restored, 'four-paths.sqlite'));
    copyFileSync(joinPath(dataDir, 'session-secret'), joinPath(restored, 'session-secret'));
    const again = await startChildServer(restored);
    cleanups.push(() => again.kill());
    const c = connectRoom(again, boardRoom(w.id), ana.token);
    cleanups.push(() => c.destroy());
    await c.synced;
    const ids = new Set(readBoard(c.doc).notes.map((n) => n.id));
    expect(seenBeforeBackup.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('refuses to overwrite a file and explains its usage', async () => {
    const dataDir = tempDir('fp-usage-');
    const server = await startChildServer(dataDir);
    cleanups.push(() => server.kill());
    const existing = joinPath(dataDir, 'already-here.sqlite');
    copyFileSync(joinPath(dataDir, SQLITE_FILE), existing);
    const before = readFileSync(existing);
    const overwrite = await runBackup(dataDir, existing);
    expect(overwrite.code).toBe(1);
    expect(overwrite.output).toMatch(/exists already/);
    expect(readFileSync(existing).equals(before)).toBe(true);
    const usage = await runBackup(dataDir);
    expect(usage.code).toBe(2);
    expect(usage.output).toMatch(/usage: npm run backup -- <backup-file>/);
    const nothing = await runBackup(tempDir('fp-empty-'), joinPath(dataDir, 'x.sqlite'));
    expect(nothing.code).toBe(1);
    expect(nothing.output).toMatch(/no store at/);
  });

  it('stops at boot with a clear message when the store file is damaged, instead of serving half a board', async () => {
    const dataDir = tempDir('fp-damaged-');
    const server = await startChildServer(dataDir);
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    // The server stores an update before it passes it on: what a second tab has is on disk.
    const tab = connectRoom(server, boardRoom(w.id), ana.token);
    await Promise.all([a.synced, tab.synced]);
    for (let i = 0; i < 200; i++) createNote(a.doc, { text: `note ${i} `.repeat(20), x: 0, y: 0, authorId: ana.participantId });
    await until(() => readBoard(tab.doc).notes.length === 200, 'the 200 notes to be stored');
    a.destroy();
    tab.destroy();
    expect(await server.kill('SIGTERM')).toBe(0);

    // Scribble over the middle of the file, where the tables' pages are.
    const file = joinPath(dataDir, SQLITE_FILE);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(16 * 4096);
    const fd = openSync(file, 'r+');
    for (let page = 2; page * 4096 < size; page += 3) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, page * 4096);
    closeSync(fd);

    const failure = await startChildServer(dataDir).then(
      (s) => s.kill().then(() => 'it started'),
      (err: Error) => err.message,
    );
    expect(failure).toMatch(/server exited with 1/);
    expect(failure).toMatch(/four-paths.sqlite failed its integrity check/);
  });
});
