import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { controlRoom } from '@shared/rooms';
import { readParticipants } from '@shared/schema/control';
import { MAX_TITLE } from '@shared/limits';
import { storedRows } from '../helpers/storedRows';
import { TEST_STORE, startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const post = (path: string, body: unknown, raw = false) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });

describe('workshop API', () => {
  it('creates a workshop with three distinct keys and links to the board', async () => {
    const w = await createWorkshop(server.url, 'Social at Acme');
    expect(w.title).toBe('Social at Acme');
    expect(new Set(Object.values(w.keys)).size).toBe(3);
    for (const key of Object.values(w.keys)) expect(Buffer.from(key, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(w.links.participant).toBe(`${server.url}/w/${w.id}#key=${w.keys.participant}`);
  });

  it('stores only hashes of the keys', async () => {
    const w = await createWorkshop(server.url);
    const row = (await storedRows(server, 'SELECT * FROM workshops WHERE id = ?', w.id))[0];
    expect(JSON.stringify(row)).not.toContain(w.keys.facilitator);
  });

  it('gives each key its role and records the participant in the control room', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const fac = await join(server.url, w, 'facilitator', 'Fay');
    expect(ana.role).toBe('participant');
    expect(fac.role).toBe('facilitator');
    const me = await fetch(`${server.url}/api/workshops/${w.id}`, { headers: { authorization: `Bearer ${ana.token}` } });
    expect(await me.json()).toEqual({ id: w.id, title: w.title, createdAt: w.createdAt, role: 'participant', participantId: ana.participantId, name: 'Ana' });

    const client = connectRoom(server, controlRoom(w.id), ana.token);
    await client.synced;
    expect(readParticipants(client.doc).map((p) => [p.name, p.role])).toEqual([
      ['Ana', 'participant'],
      ['Fay', 'facilitator'],
    ]);
    client.destroy();
  });

  it('refuses a wrong key, an unknown workshop and a token of another workshop', async () => {
    const a = await createWorkshop(server.url);
    const b = await createWorkshop(server.url);
    const wrongKey = await post(`/api/workshops/${a.id}/join`, { key: b.keys.facilitator, name: 'Eve' });
    expect(wrongKey.status).toBe(403);
    expect((await wrongKey.json()).error).toMatch(/key/);
    const unknown = await post(`/api/workshops/nope123/join`, { key: a.keys.participant, name: 'Eve' });
    expect(unknown.status).toBe(404);
    const eve = await join(server.url, b, 'participant', 'Eve');
    const cross = await fetch(`${server.url}/api/workshops/${a.id}`, { headers: { authorization: `Bearer ${eve.token}` } });
    expect(cross.status).toBe(403);
    const none = await fetch(`${server.url}/api/workshops/${a.id}`);
    expect(none.status).toBe(401);
    const forged = await fetch(`${server.url}/api/workshops/${a.id}`, { headers: { authorization: `Bearer ${eve.token.slice(0, -3)}abc` } });
    expect(forged.status).toBe(401);
  });

  it('answers bad bodies with 400 and a JSON error', async () => {
    const badJson = await post('/api/workshops', '{"title": ', true);
    expect(badJson.status).toBe(400);
    expect(typeof (await badJson.json()).error).toBe('string');
    const wrongType = await post('/api/workshops', { title: 42 });
    expect(wrongType.status).toBe(400);
    const tooLong = await post('/api/workshops', { title: 'x'.repeat(MAX_TITLE + 1) });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error).toMatch(`at most ${MAX_TITLE}`);
    const w = await createWorkshop(server.url);
    const noName = await post(`/api/workshops/${w.id}/join`, { key: w.keys.participant, name: '  ' });
    expect(noName.status).toBe(400);
  });

  it('takes a title and a name exactly as long as /api/config allows, and refuses one character more', async () => {
    const { limits } = await (await fetch(`${server.url}/api/config`)).json();
    expect((await post('/api/workshops', { title: 't'.repeat(limits.maxTitle) })).status).toBe(201);
    const tooLong = await post('/api/workshops', { title: 't'.repeat(limits.maxTitle + 1) });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error).toMatch(`at most ${limits.maxTitle} characters`);

    const w = await createWorkshop(server.url);
    expect((await post(`/api/workshops/${w.id}/join`, { key: w.keys.participant, name: 'n'.repeat(limits.maxName) })).status).toBe(200);
    const longName = await post(`/api/workshops/${w.id}/join`, { key: w.keys.participant, name: 'n'.repeat(limits.maxName + 1) });
    expect(longName.status).toBe(400);
    expect((await longName.json()).error).toMatch(`at most ${limits.maxName} characters`);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const res = await post('/api/workshops', { title: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/larger/);
  });

  it('reports health once the store is open', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, store: { ok: true, engine: TEST_STORE }, bus: { ok: true, kind: 'local' } });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await fetch(`${server.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/no route/);
  });
});

describe('control room for a new workshop', () => {
  it('starts in the collect phase', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'viewer', 'Projector');
    const doc = new Y.Doc();
    const client = connectRoom(server, controlRoom(w.id), ana.token, doc);
    await client.synced;
    expect(doc.getMap('session').get('phase')).toBe('collect');
    client.destroy();
  });
});
