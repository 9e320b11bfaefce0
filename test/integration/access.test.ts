import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { SignJWT } from 'jose';
import { boardRoom, controlRoom, draftsRoom } from '@shared/rooms';
import { createNote, readBoard } from '@shared/schema/board';
import { readSession, setPhase, updateSession } from '@shared/schema/control';
import { startChildServer, type ChildServer } from '../helpers/childServer';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { openRaw } from '../helpers/rawSocket';

let server: ChildServer;
let dataDir: string;
const secrets: string[] = [];
beforeAll(async () => {
  dataDir = mkdtempSync(joinPath(tmpdir(), 'fp-access-'));
  // Debug level: the most the server ever logs, so the secrets check below covers every line it can write.
  server = await startChildServer(dataDir, { LOG_LEVEL: 'debug' });
});
afterAll(async () => {
  await server.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

async function workshopWith(...roles: Array<'facilitator' | 'participant' | 'viewer'>): Promise<{ w: CreatedWorkshop; people: Joined[] }> {
  const w = await createWorkshop(server.url);
  secrets.push(...Object.values(w.keys));
  const people = await Promise.all(roles.map((r, i) => join(server.url, w, r, `${r} ${i}`)));
  secrets.push(...people.map((p) => p.token));
  return { w, people };
}

/** A client that records the server's "permission denied" answers instead of printing them. */
function connectQuietly(room: string, who: Joined): RoomClient & { denials: string[] } {
  const client = connectRoom(server, room, who.token);
  const denials: string[] = [];
  client.provider.messageHandlers[2] = (_e, decoder) => {
    decoder.pos += 1;
    const length = decoder.arr[decoder.pos]!;
    denials.push(Buffer.from(decoder.arr.subarray(decoder.pos + 1, decoder.pos + 1 + length)).toString());
  };
  return Object.assign(client, { denials });
}

function logged(predicate: (entry: Record<string, unknown>) => boolean): boolean {
  return server.lines.some((line) => {
    try {
      return predicate(JSON.parse(line) as Record<string, unknown>);
    } catch {
      return false;
    }
  });
}

async function errorText(res: Response): Promise<string> {
  const body = (await res.json()) as { error?: unknown };
  expect(typeof body.error).toBe('string');
  return body.error as string;
}

async function closeCode(room: string, token: string): Promise<{ code: number; reason: string; received: number }> {
  const raw = openRaw(server.wsUrl, room, token);
  const closed = await raw.closed;
  return { ...closed, received: raw.received.length };
}

describe('access control', () => {
  it('refuses and logs a participant writing the control room, applying nothing', async () => {
    const { w, people } = await workshopWith('facilitator', 'participant');
    const [fay, ana] = people as [Joined, Joined];
    const f = connectRoom(server, controlRoom(w.id), fay.token);
    const a = connectQuietly(controlRoom(w.id), ana);
    await Promise.all([f.synced, a.synced]);
    updateSession(a.doc, { phase: 'done', locked: true });
    await until(() => a.denials.length > 0, 'the server to deny the write');
    expect(a.denials[0]).toMatch(/only facilitators/);
    await until(() => logged((e) => e.msg === 'write refused' && e.participant === ana.participantId && e.role === 'participant'), 'the refusal to be logged');
    const fresh = connectRoom(server, controlRoom(w.id), fay.token);
    await fresh.synced;
    expect(readSession(fresh.doc)).toMatchObject({ phase: 'collect', locked: false });
    expect(readSession(f.doc)).toMatchObject({ phase: 'collect', locked: false });
    for (const c of [f, a, fresh]) c.destroy();
  });

  it('refuses and logs a viewer writing the board, applying nothing', async () => {
    const { w, people } = await workshopWith('viewer', 'participant');
    const [vic, ana] = people as [Joined, Joined];
    const v = connectQuietly(boardRoom(w.id), vic);
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    await Promise.all([v.synced, a.synced]);
    createNote(v.doc, { text: 'graffiti', x: 0, y: 0, authorId: vic.participantId });
    await until(() => v.denials.length > 0, 'the server to deny the write');
    expect(v.denials[0]).toMatch(/viewers cannot change the board/);
    await until(() => logged((e) => e.msg === 'write refused' && e.participant === vic.participantId), 'the refusal to be logged');
    const fresh = connectRoom(server, boardRoom(w.id), ana.token);
    await fresh.synced;
    expect(readBoard(fresh.doc).notes).toEqual([]);
    expect(readBoard(a.doc).notes).toEqual([]);
    for (const c of [v, a, fresh]) c.destroy();
  });

  it('refuses and logs a participant opening someone else’s drafts', async () => {
    const { w, people } = await workshopWith('participant', 'participant');
    const [ana, ben] = people as [Joined, Joined];
    const closed = await closeCode(draftsRoom(w.id, ben.participantId), ana.token);
    expect(closed).toMatchObject({ code: 4403, received: 0 });
    expect(closed.reason).toMatch(/private/);
    await until(() => logged((e) => e.msg === 'connection refused' && e.code === 4403 && String(e.reason).includes('drafts')), 'the refusal to be logged');
  });

  it('refuses a token of workshop A on workshop B, over WebSocket and HTTP', async () => {
    const a = await workshopWith('facilitator');
    const b = await workshopWith('participant');
    const tokenA = a.people[0]!.token;
    for (const room of [boardRoom(b.w.id), controlRoom(b.w.id)]) expect((await closeCode(room, tokenA)).code).toBe(4403);
    const res = await fetch(`${server.url}/api/workshops/${b.w.id}`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'this token belongs to another workshop' });
    const history = await fetch(`${server.url}/api/workshops/${b.w.id}/history`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(history.status).toBe(403);
    await until(() => logged((e) => e.msg === 'connection refused' && e.code === 4403 && e.reason === 'token is for another workshop'), 'the refusal to be logged');
  });

  it('refuses forged, truncated and re-signed tokens with 4401 and 401', async () => {
    const { w, people } = await workshopWith('facilitator');
    const real = people[0]!.token;
    const [header, payload] = real.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const otherSecret = new TextEncoder().encode('not-the-server-secret-but-long-enough-to-sign');
    const resigned = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(otherSecret);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const elevated = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'facilitator', sub: 'someoneElse' })).toString('base64url')}.${real.split('.')[2]}`;
    const forged = ['not-a-token', real.slice(0, real.length - 10), real.slice(0, real.lastIndexOf('.')), resigned, unsigned, elevated, 'a'.repeat(5000)];
    for (const token of forged) {
      const ws = await closeCode(boardRoom(w.id), token);
      expect(ws).toMatchObject({ code: 4401, received: 0 });
      const res = await fetch(`${server.url}/api/workshops/${w.id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toMatch(/invalid or expired/);
    }
    const logLines = server.lines.filter((l) => l.includes('"connection refused"') && l.includes('4401'));
    expect(logLines.length).toBeGreaterThanOrEqual(forged.length);
  });

  it('refuses a vote in the wrong phase and a vote past the budget, counting nothing', async () => {
    const { w, people } = await workshopWith('facilitator', 'participant');
    const [fay, ana] = people as [Joined, Joined];
    const board = connectRoom(server, boardRoom(w.id), fay.token);
    const control = connectRoom(server, controlRoom(w.id), fay.token);
    const anaControl = connectRoom(server, controlRoom(w.id), ana.token);
    await Promise.all([board.synced, control.synced, anaControl.synced]);
    const ids = ['A', 'B', 'C', 'D'].map((t, i) => createNote(board.doc, { text: t, x: i / 5, y: 0.5, authorId: fay.participantId }));
    const vote = (noteId: string) =>
      fetch(`${server.url}/api/workshops/${w.id}/votes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ana.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ noteId, delta: 1 }),
      });
    const early = await vote(ids[0]!);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: string }).error).toMatch(/voting is closed/);

    setPhase(control.doc, 'vote');
    const perParticipant = readSession(control.doc).voting.perParticipant;
    const mine = async () =>
      (await fetch(`${server.url}/api/workshops/${w.id}/votes/mine`, { headers: { authorization: `Bearer ${ana.token}` } })).json() as Promise<{
        remaining: number;
        notes: Record<string, number>;
      }>;
    // The phase change travels over the control socket; Ana's own copy shows when the server has it.
    await until(() => readSession(anaControl.doc).phase === 'vote', 'the vote phase to reach Ana');
    for (let i = 0; i < perParticipant; i++) expect((await vote(ids[i]!)).status).toBe(200);
    expect((await mine()).remaining).toBe(0);
    const over = await vote(ids[perParticipant]!);
    expect(over.status).toBe(422);
    await errorText(over);
    await until(() => logged((e) => e.msg === 'request' && e.path === `/api/workshops/${w.id}/votes` && e.status === 422), 'the refusal to be logged');
    expect(Object.keys((await mine()).notes).sort()).toEqual(ids.slice(0, perParticipant).sort());
    board.destroy();
    control.destroy();
    anaControl.destroy();
  });
});

describe('secrets in logs', () => {
  it('never writes a key, a token or the signing secret to the log, whatever path they travel', async () => {
    const { w, people } = await workshopWith('facilitator', 'participant', 'viewer');
    const [fay, ana] = people as [Joined, Joined];
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    await a.synced;
    createNote(a.doc, { text: 'Mission week', x: -0.4, y: 0.6, authorId: ana.participantId });
    await until(() => logged((e) => e.msg === 'room loaded' && e.room === boardRoom(w.id)), 'the board to load');
    for (const format of ['json', 'md', 'csv']) {
      const res = await fetch(`${server.url}/api/workshops/${w.id}/summary.${format}?token=${encodeURIComponent(fay.token)}`);
      expect(res.status).toBe(200);
    }
    await fetch(`${server.url}/api/workshops/${w.id}/summary.json?token=${encodeURIComponent(fay.token)}x`);
    await fetch(`${server.url}/api/workshops/${w.id}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: `${w.keys.viewer}x`, name: 'Typo' }) });
    await fetch(`${server.url}/w/${w.id}?key=${w.keys.participant}`);
    await closeCode(boardRoom(w.id), `${ana.token}x`);
    a.destroy();
    // Lines arrive in the order the server wrote them, each request's as its answer went out: once a request
    // made after all the others is logged, theirs are in.
    await fetch(`${server.url}/api/last-request-of-the-secrets-test`);
    await until(() => logged((e) => e.msg === 'request' && e.path === '/api/last-request-of-the-secrets-test'), 'the last request to be logged');

    const secret = readFileSync(joinPath(dataDir, 'session-secret'), 'utf8').trim();
    const needles = [...secrets, secret].flatMap((s) => [s, ...s.split('.').filter((part) => part.length >= 16)]);
    const log = server.lines.join('\n');
    expect(server.lines.length).toBeGreaterThan(20);
    for (const needle of needles) expect(log.includes(needle), `log contains ${needle.slice(0, 12)}…`).toBe(false);
  });
});
