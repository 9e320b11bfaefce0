import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRoom } from '@shared/rooms';
import { createNote, readBoard } from '@shared/schema/board';
import { startTestServer, type TestServer } from '../helpers/server';
import { boardPair } from '../helpers/boardPair';
import { until } from '../helpers/clients';
import { openRaw } from '../helpers/rawSocket';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_FRAME_BYTES: '65536' } });
});
afterAll(() => server.close());

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the exposition text strictly: every sample belongs to a family announced with HELP and TYPE. */
async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${server.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of (await res.text()).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-z_:][a-z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') families.set(meta[2]!, meta[3]!);
      continue;
    }
    const m = /^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(m, `sample line "${line}"`).not.toBeNull();
    const [, name, labelText, value] = m!;
    const family = [...families.keys()].find((f) => name === f || name!.startsWith(`${f}_`));
    expect(family, `family of ${name}`).toBeDefined();
    const labels = Object.fromEntries([...(labelText ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    const parsed = value === '+Inf' ? Infinity : Number(value);
    expect(Number.isNaN(parsed), `value of ${line}`).toBe(false);
    samples.push({ name: name!, labels, value: parsed });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const s = samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s?.value ?? 0;
}

describe('GET /metrics', () => {
  it('reports connections, rooms, messages, refusals by reason, store latency and event-loop lag as the session unfolds', async () => {
    const before = await scrape();
    const { w, ana, ben, a, b } = await boardPair(server);
    for (let i = 0; i < 10; i++) createNote(a.doc, { text: `n${i}`, x: 0, y: 0, authorId: ana.participantId });
    await until(() => readBoard(b.doc).notes.length === 10, 'Ben to see ten notes');

    const during = await scrape();
    expect(value(during, 'fourpaths_connections')).toBe(value(before, 'fourpaths_connections') + 2);
    expect(value(during, 'fourpaths_rooms_loaded')).toBeGreaterThanOrEqual(2);
    expect(value(during, 'fourpaths_messages_in_total') - value(before, 'fourpaths_messages_in_total')).toBeGreaterThanOrEqual(10);
    expect(value(during, 'fourpaths_messages_out_total') - value(before, 'fourpaths_messages_out_total')).toBeGreaterThanOrEqual(10);
    expect(value(during, 'fourpaths_store_write_seconds_count') - value(before, 'fourpaths_store_write_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value(during, 'fourpaths_store_write_seconds_sum')).toBeGreaterThan(0);
    expect(value(during, 'fourpaths_store_write_seconds_bucket', { le: '+Inf' })).toBe(value(during, 'fourpaths_store_write_seconds_count'));
    expect(during.some((s) => s.name === 'fourpaths_event_loop_lag_p99_seconds' && s.value >= 0 && s.value < 60)).toBe(true);
    expect(during.some((s) => s.name === 'fourpaths_event_loop_lag_max_seconds')).toBe(true);

    // Each kind of refusal shows under its own reason.
    const bad = openRaw(server.wsUrl, boardRoom(w.id), ben.token);
    await bad.open;
    bad.ws.send(Buffer.from([0x2a]));
    await bad.closed;
    await openRaw(server.wsUrl, boardRoom(w.id), 'forged').closed;
    const huge = openRaw(server.wsUrl, boardRoom(w.id), ben.token);
    await huge.open;
    huge.ws.send(Buffer.alloc(70_000));
    expect((await huge.closed).code).toBe(1009);
    const after = await scrape();
    for (const reason of ['malformed', 'unauthorized', 'frame-too-large']) {
      const rejected = { reason };
      expect(value(after, 'fourpaths_rejected_messages_total', rejected) - value(before, 'fourpaths_rejected_messages_total', rejected), reason).toBe(1);
    }

    a.destroy();
    b.destroy();
    await until(() => server.server.rooms.rooms.get(boardRoom(w.id))?.conns.size === 0, 'the server to see both leave');
    expect(value(await scrape(), 'fourpaths_connections')).toBe(value(before, 'fourpaths_connections'));
  });
});
