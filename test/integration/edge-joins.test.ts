import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    env: {
      RATE_JOIN_PER_MINUTE: '1000',
      RATE_JOIN_PER_WORKSHOP_PER_MINUTE: '20',
      RATE_DONE_PER_MINUTE: '5',
      RATE_VOTES_PER_MINUTE: '5',
    },
  });
});
afterAll(() => server.close());

async function post(path: string, body: unknown, who?: Joined): Promise<{ status: number; body: Record<string, unknown>; retryAfter: string | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${who.token}`;
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, retryAfter: res.headers.get('retry-after') };
}

const joinAs = (w: CreatedWorkshop, name: string) => post(`/api/workshops/${w.id}/join`, { key: w.keys.participant, name });

describe('joining a workshop', () => {
  it('lets only RATE_JOIN_PER_WORKSHOP_PER_MINUTE of 60 simultaneous joins in, so fake people cannot fill a workshop at once', async () => {
    const w = await createWorkshop(server.url);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => joinAs(w, `bot ${i}`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(20);
    const refused = results.filter((r) => r.status !== 200);
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(r.body.error).toMatch(/too many people joined this workshop/);
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    // Another workshop on the same server is not held up.
    const other = await createWorkshop(server.url);
    expect((await joinAs(other, 'Ana')).status).toBe(200);
  });

  it.each([
    ['a right-to-left override', 'Fay\u202e (facilitator)'],
    ['a left-to-right embedding', '\u202aAna'],
    ['an isolate', 'Ben\u2066x\u2069'],
    ['a right-to-left mark', 'Eve\u200f'],
    ['a C1 control', 'Eve\u0085'],
    ['a C0 control', 'Eve\u0007'],
  ])('refuses a display name with %s with 400', async (_what, name) => {
    const w = await createWorkshop(server.url);
    const res = await joinAs(w, name);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/name must not contain control or text-direction characters/);
  });

  it('accepts names in any script, trimmed', async () => {
    const w = await createWorkshop(server.url);
    for (const name of ['Zoë', 'ليلى', '  陈静  ']) expect((await joinAs(w, name)).status).toBe(200);
    expect((await server.server.deps.data.listParticipants(w.id)).map((p) => p.name)).toEqual(['Zoë', 'ليلى', '陈静']);
  });
});

describe('rate limits per token', () => {
  it('answers 429 to the "I am done" signal past RATE_DONE_PER_MINUTE, for that token only', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const ben = await join(server.url, w, 'participant', 'Ben');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => post(`/api/workshops/${w.id}/done`, { done: i % 2 === 0 }, ana)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r).toMatchObject({ status: 429, body: { error: expect.stringMatching(/too many requests/) } });
    }
    expect((await post(`/api/workshops/${w.id}/done`, { done: true }, ben)).status).toBe(200);
  });

  it('answers 429 to votes past RATE_VOTES_PER_MINUTE', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const results = await Promise.all(Array.from({ length: 40 }, () => post(`/api/workshops/${w.id}/votes`, { noteId: 'n1', delta: 1 }, ana)));
    // Outside the vote phase the first ones get 409; the flood beyond the allowance gets 429 before any work.
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(35);
  });
});
