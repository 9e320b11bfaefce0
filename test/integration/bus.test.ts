import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, test } from 'vitest';
import { openBus } from '../../server/bus/openBus';
import type { Bus } from '../../server/bus/types';
import { createLogger } from '../../server/log';
import { freePort } from '../helpers/childServer';
import { until } from '../helpers/clients';
import { type RedisServer, startRedis } from '../helpers/redisServer';

// The bus between instances against a real redis-server: the shared one from the global setup,
// and one of a test's own where Redis goes away and comes back.

const log = createLogger('silent');
const RECOVERY_MS = 15_000;
const opened: Bus[] = [];
const servers: RedisServer[] = [];
const clients: Redis[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
  await Promise.all(clients.splice(0).map((client) => client.quit()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function open(url = inject('redisUrl')): Promise<Bus> {
  const bus = await openBus(url, log);
  opened.push(bus);
  return bus;
}

async function ownRedis(): Promise<RedisServer> {
  const server = await startRedis();
  servers.push(server);
  return server;
}

/** How many connections Redis has subscribed to the channel, asked from outside the bus. */
async function subscribersOf(channel: string): Promise<number> {
  let client = clients[0];
  if (!client) {
    client = new Redis(inject('redisUrl'));
    clients.push(client);
  }
  const reply = (await client.pubsub('NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}

const freshChannel = () => `test:${randomUUID()}`;
const bytes = (...values: number[]) => new Uint8Array(values);
const hex = (payload: Uint8Array) => Buffer.from(payload).toString('hex');

describe('the Redis bus', () => {
  test('two instances exchange binary payloads byte for byte and in order', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    expect(a.kind).toBe('redis');
    expect(a.instanceId).not.toBe(b.instanceId);
    const channel = freshChannel();
    const got: Uint8Array[] = [];
    await b.subscribe(channel, (payload) => got.push(payload));

    const everyByte = new Uint8Array(256).map((_, i) => i);
    const sent = [bytes(0x00, 0xff, 0x00, 0xfe, 0xc3, 0x28), everyByte, new Uint8Array(8 * 1024).fill(0xff)];
    for (const payload of sent) a.publish(channel, payload);

    await until(() => got.length === sent.length, 'all payloads');
    // Compared as hex: a diff of big byte arrays takes vitest minutes to print.
    expect(got.map(hex)).toEqual(sent.map(hex));
    await until(() => a.stats().published === sent.length, 'publishes confirmed');
    expect(b.stats().received).toBe(sent.length);
  });

  test('unsubscribing one listener stops its delivery while another listener of the channel still receives', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const channel = freshChannel();
    const first: Uint8Array[] = [];
    const second: Uint8Array[] = [];
    const leaveFirst = await b.subscribe(channel, (payload) => first.push(payload));
    const leaveSecond = await b.subscribe(channel, (payload) => second.push(payload));

    a.publish(channel, bytes(1));
    await until(() => first.length === 1 && second.length === 1, 'both listeners');

    leaveFirst();
    a.publish(channel, bytes(2));
    await until(() => second.length === 2, 'the remaining listener');
    expect(first).toEqual([bytes(1)]);
    expect(await subscribersOf(channel)).toBe(1);

    // The last listener leaving ends the Redis subscription itself.
    leaveSecond();
    await until(async () => (await subscribersOf(channel)) === 0, 'the channel unsubscribed in Redis');
  });

  test('a listener that throws does not keep the message from the other listeners', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const channel = freshChannel();
    const got: Uint8Array[] = [];
    await b.subscribe(channel, () => {
      throw new Error('a broken listener');
    });
    await b.subscribe(channel, (payload) => got.push(payload));

    a.publish(channel, bytes(1));
    a.publish(channel, bytes(2));
    await until(() => got.length === 2, 'both messages');
  });
});

describe('the Redis bus when Redis goes away', () => {
  test('after Redis restarts, the subscriber is told once and messages flow again', async () => {
    const redis = await ownRedis();
    const [a, b] = await Promise.all([open(redis.url), open(redis.url)]);
    const channel = freshChannel();
    const got: Uint8Array[] = [];
    await b.subscribe(channel, (payload) => got.push(payload));
    let told = 0;
    b.onReconnect(() => told++);
    a.publish(channel, bytes(1));
    await until(() => got.length === 1, 'the first message');
    expect(b.stats().reconnects).toBe(0);

    await redis.restart();
    await until(() => told === 1, 'onReconnect', RECOVERY_MS);
    expect(b.stats().reconnects).toBe(1);

    // Redis confirmed the channel again before onReconnect ran; only the publisher may still be on its way back.
    await until(() => a.health().ok, 'the publisher back', RECOVERY_MS);
    a.publish(channel, bytes(2));
    await until(() => got.length === 2, 'a message after the restart');
    expect(got[1]).toEqual(bytes(2));
    expect(told).toBe(1);
  });

  test('subscribe resolves only once Redis confirmed it, so a message published right after arrives (even when made while Redis is down)', async () => {
    const redis = await ownRedis();
    const [a, b] = await Promise.all([open(redis.url), open(redis.url)]);
    redis.kill();
    await until(() => !b.health().ok, 'the subscriber noticing', RECOVERY_MS);

    const channel = freshChannel();
    const got: Uint8Array[] = [];
    let resolved = false;
    const subscribed = b.subscribe(channel, (payload) => got.push(payload)).then(() => (resolved = true));
    await new Promise((r) => setImmediate(r));
    expect(resolved).toBe(false);

    await redis.restart();
    await subscribed;
    await until(() => a.health().ok, 'the publisher back', RECOVERY_MS);
    a.publish(channel, bytes(7));
    await until(() => got.length === 1, 'the message');
  });

  test('publishing while Redis is down neither throws nor waits: it is dropped and counted, and health says so', async () => {
    const redis = await ownRedis();
    const a = await open(redis.url);
    expect(a.health()).toEqual({ ok: true, kind: 'redis' });

    await redis.stop();
    await until(() => !a.health().ok, 'health to notice', RECOVERY_MS);
    expect(a.health()).toMatchObject({ ok: false, kind: 'redis', detail: expect.stringMatching(/publisher|subscriber/) });
    expect(() => a.publish(freshChannel(), bytes(1, 2, 3))).not.toThrow();
    // At once, not at the next failed reconnect attempt: nothing waits in a queue.
    await new Promise((r) => setImmediate(r));
    expect(a.stats().dropped).toBe(1);
    expect(a.stats().published).toBe(0);

    await redis.restart();
    await until(() => a.health().ok, 'health back', RECOVERY_MS);
    expect(a.health()).toEqual({ ok: true, kind: 'redis' });
    // Dropped means gone: nothing queued was sent once Redis came back.
    expect(a.stats()).toMatchObject({ published: 0, dropped: 1 });
  });

  test('opening fails with a clear error when Redis is unreachable at start', async () => {
    const url = `redis://:secret@127.0.0.1:${await freePort()}`;
    const failure = openBus(url, log, 500);
    await expect(failure).rejects.toThrow(/unreachable after 500 ms/);
    await expect(failure).rejects.not.toThrow(/secret/);
  });
});

describe('the local bus', () => {
  test('without a Redis URL the instance runs alone and is healthy', async () => {
    const bus = await openBus(undefined, log);
    opened.push(bus);
    expect(bus.kind).toBe('local');
    expect(bus.health()).toEqual({ ok: true, kind: 'local' });
    const unsubscribe = await bus.subscribe(freshChannel(), () => {});
    expect(() => bus.publish('any', bytes(1))).not.toThrow();
    unsubscribe();
  });
});
