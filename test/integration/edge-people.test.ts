import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { boardRoom, controlRoom } from '@shared/rooms';
import { readParticipants } from '@shared/schema/control';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';
import { openRaw } from '../helpers/rawSocket';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { RATE_JOIN_PER_MINUTE: '1000', MAX_PARTICIPANTS: '4' } });
});
afterAll(() => server.close());

async function call(method: string, path: string, who?: Joined, body?: unknown, on = server): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${who.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${on.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const remove = (w: CreatedWorkshop, id: string, who: Joined, on = server) => call('DELETE', `/api/workshops/${w.id}/participants/${id}`, who, undefined, on);

describe('removing people', () => {
  it('closes the removed person’s sockets with 4403, refuses their token and drops them from the people list', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const ana = await join(server.url, w, 'participant', 'Ana');
    const facilitatorView = connectRoom(server, controlRoom(w.id), fay.token);
    const board = openRaw(server.wsUrl, boardRoom(w.id), ana.token);
    const control = openRaw(server.wsUrl, controlRoom(w.id), ana.token);
    await Promise.all([board.open, control.open, facilitatorView.synced]);
    await until(() => readParticipants(facilitatorView.doc).some((p) => p.id === ana.participantId), 'Ana in the people list');

    expect(await remove(w, ana.participantId, fay)).toEqual({ status: 204, body: null });
    for (const s of [board, control]) expect(await s.closed).toEqual({ code: 4403, reason: expect.stringMatching(/removed from this workshop/) });
    await until(() => !readParticipants(facilitatorView.doc).some((p) => p.id === ana.participantId), 'Ana gone from the people list');

    const asAna = await call('GET', `/api/workshops/${w.id}`, ana);
    expect(asAna.status).toBe(403);
    expect(asAna.body?.error).toMatch(/removed/);
    expect((await call('POST', `/api/workshops/${w.id}/done`, ana, { done: true })).status).toBe(403);
    const back = openRaw(server.wsUrl, boardRoom(w.id), ana.token);
    expect(await back.closed).toEqual({ code: 4403, reason: expect.stringMatching(/removed/) });
    facilitatorView.destroy();
  });

  it('frees the place of a removed person, so a real person can join a full workshop', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const bots = await Promise.all([1, 2, 3].map((i) => join(server.url, w, 'participant', `bot ${i}`)));
    expect((await call('POST', `/api/workshops/${w.id}/join`, undefined, { key: w.keys.participant, name: 'Ana' })).status).toBe(409);
    expect((await remove(w, bots[0]!.participantId, fay)).status).toBe(204);
    expect((await call('POST', `/api/workshops/${w.id}/join`, undefined, { key: w.keys.participant, name: 'Ana' })).status).toBe(200);
  });

  it('lets only facilitators remove people, never the last facilitator, and answers 404 for a stranger', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const ana = await join(server.url, w, 'participant', 'Ana');
    const other = await createWorkshop(server.url);
    const stranger = await join(server.url, other, 'participant', 'Sam');
    expect((await remove(w, fay.participantId, ana)).status).toBe(403);
    const last = await remove(w, fay.participantId, fay);
    expect(last.status).toBe(409);
    expect(last.body?.error).toMatch(/last facilitator/);
    expect((await remove(w, stranger.participantId, fay)).status).toBe(404);
    expect((await call('GET', `/api/workshops/${w.id}`, fay)).status).toBe(200);

    const gil = await join(server.url, w, 'facilitator', 'Gil');
    expect((await remove(w, fay.participantId, fay)).status).toBe(204);
    expect((await call('GET', `/api/workshops/${w.id}`, gil)).status).toBe(200);
  });

  it('keeps a removal across a restart', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'fp-removal-'));
    let first: TestServer | null = await startTestServer({ dataDir });
    const w = await createWorkshop(first.url);
    const fay = await join(first.url, w, 'facilitator', 'Fay');
    const ana = await join(first.url, w, 'participant', 'Ana');
    expect((await remove(w, ana.participantId, fay, first)).status).toBe(204);
    await first.close({ keepData: true });
    first = null;
    const second = await startTestServer({ dataDir });
    try {
      expect((await call('GET', `/api/workshops/${w.id}`, ana, undefined, second)).status).toBe(403);
      expect((await call('GET', `/api/workshops/${w.id}`, fay, undefined, second)).status).toBe(200);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('rotating a link', () => {
  it('gives a new key that joins, refuses the old one with 403 and keeps issued tokens valid', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const ana = await join(server.url, w, 'participant', 'Ana');
    const rotated: string[] = [];
    const unsubscribe = server.server.deps.access.onLinkRotated((workshopId, role) => void rotated.push(`${workshopId}/${role}`));

    const res = await call('POST', `/api/workshops/${w.id}/links/participant/rotate`, fay);
    unsubscribe();
    expect(res.status).toBe(200);
    const { key, link } = res.body as { key: string; link: string };
    expect(key).not.toBe(w.keys.participant);
    expect(link).toBe(`${server.url}/w/${w.id}#key=${key}`);
    expect(rotated).toEqual([`${w.id}/participant`]);

    const old = await call('POST', `/api/workshops/${w.id}/join`, undefined, { key: w.keys.participant, name: 'Eve' });
    expect(old.status).toBe(403);
    expect((await call('POST', `/api/workshops/${w.id}/join`, undefined, { key, name: 'Ben' })).status).toBe(200);
    expect((await call('GET', `/api/workshops/${w.id}`, ana)).status).toBe(200);
    // The other roles' links are unchanged.
    expect((await call('POST', `/api/workshops/${w.id}/join`, undefined, { key: w.keys.viewer, name: 'Projector' })).status).toBe(200);
  });

  it('lets only facilitators rotate, and only the three roles', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const ana = await join(server.url, w, 'participant', 'Ana');
    expect((await call('POST', `/api/workshops/${w.id}/links/participant/rotate`, ana)).status).toBe(403);
    expect((await call('POST', `/api/workshops/${w.id}/links/owner/rotate`, fay)).status).toBe(404);
    expect((await call('POST', `/api/workshops/${w.id}/join`, undefined, { key: w.keys.participant, name: 'Ben' })).status).toBe(200);
  });
});
