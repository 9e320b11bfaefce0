import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { MAX_TITLE } from '@shared/limits';
import { storedRows } from '../helpers/storedRows';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';

let server: TestServer;
let limited: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { RATE_CREATE_PER_MINUTE: '1000', RATE_JOIN_PER_MINUTE: '1000' } });
  limited = await startTestServer({ env: { RATE_CREATE_PER_MINUTE: '4', RATE_JOIN_PER_MINUTE: '5' } });
});
afterAll(async () => {
  await server.close();
  await limited.close();
});

const json = { 'content-type': 'application/json' };

async function errorOf(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error?: unknown };
  expect(typeof body.error).toBe('string');
  return body.error as string;
}

async function workshopCount(): Promise<number> {
  return Number((await storedRows(server, 'SELECT COUNT(*) AS n FROM workshops'))[0]!.n);
}

/** A request sent byte for byte, so the path reaches the server exactly as written (fetch would normalise it). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]), body: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
    socket.on('error', reject);
  });
}

/** A POST from another loopback address, as a second machine would send it. */
function postFrom(localAddress: string, path: string, body: unknown): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { port } = new URL(limited.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', localAddress, headers: json }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('HTTP edge', () => {
  it('answers bad JSON and wrong types with 400 and a JSON error, creating nothing', async () => {
    const before = (await workshopCount());
    const bad = await fetch(`${server.url}/api/workshops`, { method: 'POST', headers: json, body: '{"title": "unfinished' });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatch(/JSON/);
    for (const body of [{ title: 42 }, { title: ['a'] }, { title: '' }, { title: 'x'.repeat(MAX_TITLE + 1) }, { title: 'tab\there' }, []]) {
      const res = await fetch(`${server.url}/api/workshops`, { method: 'POST', headers: json, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      await errorOf(res);
    }
    expect((await workshopCount())).toBe(before);
  });

  it('refuses join bodies of the wrong shape with 400', async () => {
    const w = await createWorkshop(server.url, 'Shapes');
    for (const body of [{ key: 7, name: 'Ana' }, { key: w.keys.participant, name: { first: 'Ana' } }, { key: w.keys.participant }, 'Ana']) {
      const res = await fetch(`${server.url}/api/workshops/${w.id}/join`, { method: 'POST', headers: json, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      await errorOf(res);
    }
  });

  it('refuses a body over 64 KiB with 413 and stores nothing', async () => {
    const before = (await workshopCount());
    const res = await fetch(`${server.url}/api/workshops`, { method: 'POST', headers: json, body: JSON.stringify({ title: 'x'.repeat(70 * 1024) }) });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatch(/larger than 65536 bytes/);
    expect((await workshopCount())).toBe(before);
  });

  it('answers unknown workshop ids with 404 and malformed ones without touching the store', async () => {
    const w = await createWorkshop(server.url, 'Known');
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    for (const id of ['doesNotExist', 'a'.repeat(65), '%00', 'x%2F..%2F..']) {
      const res = await fetch(`${server.url}/api/workshops/${id}/join`, { method: 'POST', headers: json, body: JSON.stringify({ key: w.keys.participant, name: 'Ana' }) });
      expect(res.status).toBe(404);
      await errorOf(res);
    }
    const other = await fetch(`${server.url}/api/workshops/doesNotExist`, { headers: { authorization: `Bearer ${fay.token}` } });
    expect(other.status).toBe(403);
  });

  it('answers a wrong method with 405 and the allowed ones, and unknown paths with 404', async () => {
    const w = await createWorkshop(server.url, 'Methods');
    const del = await fetch(`${server.url}/api/workshops`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('POST');
    expect(await errorOf(del)).toMatch(/DELETE is not allowed/);
    const put = await fetch(`${server.url}/api/workshops/${w.id}/join`, { method: 'PUT', headers: json, body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST');
    const unknown = await fetch(`${server.url}/api/nothing-here`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    await errorOf(unknown);
  });

  it('never serves files outside the client build, however the path is spelled', async () => {
    const attempts = [
      '/../package.json',
      '/../../../../etc/passwd',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/%252e%252e/package.json',
      '/assets/%2e%2e/%2e%2e/server/config.ts',
      '/.%2e/.%2e/etc/passwd',
    ];
    for (const path of attempts) {
      const res = await rawGet(path);
      expect(res.body).not.toContain('"name": "four-paths"');
      expect(res.body).not.toContain('root:x:0:0');
      expect(res.body).not.toContain('loadConfig');
      if (res.status === 200) expect(res.body).toMatch(/^<!doctype html>/i);
      else expect([400, 403, 404]).toContain(res.status);
    }
  });

  it('limits workshop creation per client address with 429 and Retry-After, without affecting another address', async () => {
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await postFrom('127.0.0.3', '/api/workshops', { title: `Flood ${i}` }));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 429, 429]);
    const limited = results[5]!;
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body)).toEqual({ error: expect.stringMatching(/too many requests/) });
    expect((await postFrom('127.0.0.4', '/api/workshops', { title: 'Someone else' })).status).toBe(201);
  });

  it('limits joins per client address with 429 and Retry-After', async () => {
    const w = await createWorkshop(limited.url, 'Popular');
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await postFrom('127.0.0.5', `/api/workshops/${w.id}/join`, { key: w.keys.participant, name: `P${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const other = await postFrom('127.0.0.6', `/api/workshops/${w.id}/join`, { key: w.keys.participant, name: 'Elsewhere' });
    expect(other.status).toBe(200);
  });
});

describe('security headers', () => {
  it('serves the page with a strict CSP, nosniff, no referrer and no framing', async () => {
    for (const path of ['/', '/w/someWorkshop', '/api/workshops/nope', '/healthz']) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('ships a page without inline script, so the CSP costs nothing', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
