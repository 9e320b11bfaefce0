import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlRoom } from '@shared/rooms';
import { readParticipants } from '@shared/schema/control';
import { rotateJoinCode } from '../../server/invites/invites';
import { connectRoom } from '../helpers/clients';
import { storedRows } from '../helpers/storedRows';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop } from '../helpers/workshop';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { RATE_CODE_PER_MINUTE: '3' } });
});
afterAll(() => server.close());

const joinByCode = (code: string, name: string) =>
  fetch(`${server.url}/api/join-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name }) });

async function inviteOf(w: CreatedWorkshop): Promise<{ links: Record<string, string> | null; code: string; joinUrl: string }> {
  const fay = await join(server.url, w, 'facilitator', 'Fay');
  const res = await fetch(`${server.url}/api/workshops/${w.id}/invite`, { headers: { authorization: `Bearer ${fay.token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { links: Record<string, string> | null; code: string; joinUrl: string };
}

describe('join code', () => {
  it('shows the facilitator the creation links and a grouped 8-character code', async () => {
    const w = await createWorkshop(server.url);
    const invite = await inviteOf(w);
    expect(invite.links).toEqual(w.links);
    expect(invite.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(invite.joinUrl).toBe(`${server.url}/j`);
  });

  it('keeps the invite keys and the code out of the store in readable form', async () => {
    const w = await createWorkshop(server.url);
    const { code } = await inviteOf(w);
    const rows = JSON.stringify([
      await storedRows(server, 'SELECT * FROM invite_keys WHERE workshop_id = ?', w.id),
      await storedRows(server, 'SELECT * FROM join_codes WHERE workshop_id = ?', w.id),
    ]);
    for (const key of Object.values(w.keys)) expect(rows).not.toContain(key);
    expect(rows).not.toContain(code.replace('-', ''));
  });

  it('refuses the invite to participants and viewers', async () => {
    const w = await createWorkshop(server.url);
    for (const role of ['participant', 'viewer'] as const) {
      const who = await join(server.url, w, role, 'Ana');
      const res = await fetch(`${server.url}/api/workshops/${w.id}/invite`, { headers: { authorization: `Bearer ${who.token}` } });
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatch(/facilitator/);
    }
  });

  it('lets a phone join as a participant with the code typed loosely', async () => {
    const w = await createWorkshop(server.url);
    const { code } = await inviteOf(w);
    const res = await joinByCode(` ${code.replace('-', ' ').toLowerCase()} `, 'Pia');
    expect(res.status).toBe(200);
    const joined = (await res.json()) as { workshopId: string; participantId: string; role: string; token: string };
    expect(joined).toMatchObject({ workshopId: w.id, role: 'participant' });
    const client = connectRoom(server, controlRoom(w.id), joined.token);
    await client.synced;
    expect(readParticipants(client.doc).find((p) => p.id === joined.participantId)?.name).toBe('Pia');
    client.destroy();
  });

  it('answers 404 for an unknown code and 400 for a bad name', async () => {
    const unknown = await joinByCode('0000-0000', 'Eve');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/code/);
    const w = await createWorkshop(server.url);
    const { code } = await inviteOf(w);
    const noName = await joinByCode(code, '   ');
    expect(noName.status).toBe(400);
  });

  it('stops the old code working once the code rotates', async () => {
    const w = await createWorkshop(server.url);
    const { code: old } = await inviteOf(w);
    const fresh = await rotateJoinCode(server.server.deps, w.id);
    expect(fresh).not.toBe(old);
    expect((await joinByCode(old, 'Late')).status).toBe(404);
    expect((await joinByCode(fresh, 'Late')).status).toBe(200);
    expect((await inviteOf(w)).code).toBe(fresh);
  });
});

describe('join code and link rotation', () => {
  it('retires the code with the participant link and shows the new link in the invite panel', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const before = await inviteOf(w);
    const res = await fetch(`${server.url}/api/workshops/${w.id}/links/participant/rotate`, { method: 'POST', headers: { authorization: `Bearer ${fay.token}` } });
    expect(res.status).toBe(200);
    const { link } = (await res.json()) as { link: string };
    const after = await inviteOf(w);
    expect(after.links?.participant).toBe(link);
    expect(after.links?.viewer).toBe(before.links?.viewer);
    // The old code is retired as in the test above; a wrong guess here would spend this address's misses.
    expect(after.code).not.toBe(before.code);
    expect((await joinByCode(after.code, 'Late')).status).toBe(200);
  });
});

describe('join code guessing', () => {
  it('makes an address that keeps guessing wait, even with the right code', async () => {
    const w = await createWorkshop(server.url);
    const { code } = await inviteOf(w);
    // Earlier tests may have spent some of this address's misses; guess until refused.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await joinByCode('ZZZZ-ZZZZ', 'Eve')).status);
    expect(statuses).toContain(404);
    expect(statuses.at(-1)).toBe(429);
    const right = await joinByCode(code, 'Eve');
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await right.json()).error).toMatch(/too many/);
  });
});
