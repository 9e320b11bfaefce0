import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { boardRoom } from '@shared/rooms';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { ALLOWED_ORIGINS: 'https://board.example.org, http://localhost:5173' } });
});
afterAll(() => server.close());

/** Opens a socket as a browser on the given page would; resolves with the HTTP status of a refused upgrade, or 101. */
function upgradeFrom(origin: string | undefined, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/${path}`, origin ? { origin } : {});
    ws.once('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

describe('the Origin of browser requests', () => {
  it('refuses API calls from a foreign page with 403 and lets its own pages, listed origins and non-browser clients in', async () => {
    const w = await createWorkshop(server.url);
    const body = JSON.stringify({ key: w.keys.participant, name: 'Ana' });
    const joinFrom = (origin?: string) =>
      fetch(`${server.url}/api/workshops/${w.id}/join`, { method: 'POST', headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) }, body });

    const foreign = await joinFrom('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: string }).error).toMatch(/origin/);
    expect((await joinFrom('null')).status).toBe(403);
    expect((await joinFrom(server.url)).status).toBe(200);
    expect((await joinFrom('https://board.example.org')).status).toBe(200);
    expect((await joinFrom('http://localhost:5173')).status).toBe(200);
    expect((await joinFrom()).status).toBe(200);

    const created = await fetch(`${server.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ title: 'x' }) });
    expect(created.status).toBe(403);
  });

  it('refuses a WebSocket upgrade from a foreign page with HTTP 403 before the handshake', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const path = `${boardRoom(w.id)}?token=${encodeURIComponent(ana.token)}`;
    const refused = await upgradeFrom('https://evil.example', path);
    expect(refused.status).toBe(403);
    expect((JSON.parse(refused.body) as { error: string }).error).toMatch(/origin/);
    expect((await upgradeFrom(server.url, path)).status).toBe(101);
    expect((await upgradeFrom('https://board.example.org', path)).status).toBe(101);
    expect((await upgradeFrom(undefined, path)).status).toBe(101);
  });
});
