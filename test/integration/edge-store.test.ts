import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join as joinPath } from 'node:path';
import { controlRoom } from '@shared/rooms';
import { readProgress } from '@shared/schema/control';
import { SQLITE_FILE } from '../../server/config';
import { sqliteHandle } from '../helpers/storedRows';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type Joined } from '../helpers/workshop';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { RATE_JOIN_PER_MINUTE: '1000', RATE_CREATE_PER_MINUTE: '1000', HEALTH_PROBE_INTERVAL_MS: '0' } });
});
afterAll(() => server.close());

async function timed(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const start = performance.now();
  const res = await fetch(`${server.url}${path}`, init);
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body, ms: performance.now() - start };
}

const done = (workshopId: string, who: Joined, value: boolean) =>
  timed(`/api/workshops/${workshopId}/done`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` }, body: JSON.stringify({ done: value }) });

const doneFlag = (workshopId: string, who: Joined) =>
  server.server.deps.docs.readDoc(controlRoom(workshopId), (d) => readProgress(d).get(who.participantId)?.done ?? false);

const healthy = async () => (await timed('/healthz')).status === 200;

describe('another process holding the SQLite write lock', () => {
  let other: Database.Database | null = null;
  afterEach(() => {
    if (other?.inTransaction) other.exec('ROLLBACK');
    other?.close();
    other = null;
  });

  it('does not freeze the server: /healthz and writes answer 503 at once, and writes succeed again once the lock is released', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    other = new Database(joinPath(server.dataDir, SQLITE_FILE));
    other.exec('BEGIN IMMEDIATE');

    // Without the fix each of these waits SQLite's 5 s busy timeout on the event loop; the bound leaves room for a loaded machine.
    const [health, write] = await Promise.all([timed('/healthz'), done(w.id, ana, true)]);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ok: false, error: expect.stringMatching(/store/) });
    expect(health.ms).toBeLessThan(1000);
    expect(write.status).toBe(503);
    expect(write.body.error).toMatch(/stor/);
    expect(write.ms).toBeLessThan(1000);
    expect((await doneFlag(w.id, ana))).toBe(false);

    const joinWhileLocked = await timed(`/api/workshops/${w.id}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: w.keys.participant, name: 'Ben' }) });
    expect(joinWhileLocked.status).toBe(503);

    other.exec('ROLLBACK');
    expect(await healthy()).toBe(true);
    expect((await done(w.id, ana, true)).status).toBe(200);
    expect((await doneFlag(w.id, ana))).toBe(true);
  });
});

describe('a store that refuses every write (a file system remounted read-only)', () => {
  afterEach(() => {
    sqliteHandle(server).pragma('query_only = OFF');
  });

  it('answers 503 on /healthz and on every write instead of claiming success, and recovers when writes work again', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    // query_only makes SQLite refuse every write on the server's own connection, as a read-only or failed disk does.
    sqliteHandle(server).pragma('query_only = ON');

    const health = await timed('/healthz');
    expect(health).toMatchObject({ status: 503, body: { ok: false, error: expect.any(String) } });
    expect((await done(w.id, ana, true)).status).toBe(503);
    expect((await doneFlag(w.id, ana))).toBe(false);
    const created = await timed('/api/workshops', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Lost?' }) });
    expect(created.status).toBe(503);
    const joined = await timed(`/api/workshops/${w.id}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: w.keys.participant, name: 'Ben' }) });
    expect(joined.status).toBe(503);
    expect(joined.body.error).toMatch(/stor/);

    sqliteHandle(server).pragma('query_only = OFF');
    expect(await healthy()).toBe(true);
    expect((await done(w.id, ana, true)).status).toBe(200);
    expect((await doneFlag(w.id, ana))).toBe(true);
  });
});
