import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteEngine, type SqliteEngine } from '../../server/store/sqliteEngine';
import type { AsyncStore, SequencedUpdate } from '../../server/store/types';
import { UpdatePipeline } from '../../server/rooms/pipeline';

// A real SQLite store whose appends are written at once but confirmed only when the test lets
// them, like a slow disk; `engine` picks how many batches the pipeline lets overlap.
let dir: string;
let real: SqliteEngine;
let held: Array<(err?: Error) => Promise<void>>;
let log: string[];

function pipelineOn(engine: 'sqlite' | 'postgres'): UpdatePipeline {
  const store = Object.assign(Object.create(real) as AsyncStore, {
    engine,
    appendUpdates(entries: Parameters<AsyncStore['appendUpdates']>[0], bindings: Parameters<AsyncStore['appendUpdates']>[1]) {
      const written = real.appendUpdates(entries, bindings);
      return new Promise<SequencedUpdate[]>((resolve, reject) => {
        held.push(async (err) => {
          const result = await written;
          if (err) reject(err);
          else resolve(result);
          // Let the pipeline handle the result before the test looks.
          await new Promise((r) => setImmediate(r));
        });
      });
    },
  });
  return new UpdatePipeline(store, () => undefined);
}

let pipeline: UpdatePipeline;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'four-paths-pipeline-'));
  real = openSqliteEngine(join(dir, 'store.sqlite'), { historyKeep: 0 });
  held = [];
  log = [];
  pipeline = pipelineOn('sqlite');
});

afterEach(async () => {
  while (held.length > 0) await held.shift()!();
  await pipeline.flush();
  await real.close();
  rmSync(dir, { recursive: true, force: true });
});

const turn = () => new Promise((r) => setImmediate(r));

function enqueue(name: string, room = 'w1/board'): void {
  const out = log;
  pipeline.enqueue({ room, update: new TextEncoder().encode(name), deliver: (seq) => out.push(`deliver ${name} #${seq}`), fail: () => out.push(`fail ${name}`) });
}

const storedCount = async () => (await real.loadDoc('w1/board')).updates.length;
/** Confirms the oldest held append (or fails it). */
const finish = (err?: Error) => held.shift()!(err);

describe('persist, then broadcast', () => {
  it('stores an update at once but delivers it, with its sequence number, only once the store confirmed it', async () => {
    enqueue('a');
    await turn();
    expect(await storedCount()).toBe(1);
    expect(log).toEqual([]);
    await finish();
    expect(log).toEqual(['deliver a #1']);
  });

  it('delivers batches in the order they were made, even when a later one is confirmed first', async () => {
    enqueue('a');
    await turn();
    enqueue('b');
    enqueue('c');
    await turn();
    expect(held).toHaveLength(2);
    await held.splice(1, 1)[0]!();
    expect(log).toEqual([]);
    await finish();
    expect(log).toEqual(['deliver a #1', 'deliver b #2', 'deliver c #3']);
  });

  it('on PostgreSQL keeps one batch in flight and gathers everything that arrives meanwhile into the next', async () => {
    pipeline = pipelineOn('postgres');
    enqueue('a');
    await turn();
    enqueue('b');
    enqueue('c');
    await turn();
    expect(held).toHaveLength(1);
    await finish();
    expect(log).toEqual(['deliver a #1']);
    expect(held).toHaveLength(1);
    await finish();
    expect(log).toEqual(['deliver a #1', 'deliver b #2', 'deliver c #3']);
  });

  it('sends a newcomer’s answer only after the updates enqueued before it are delivered', async () => {
    enqueue('a');
    const out = log;
    pipeline.afterDurable(() => out.push('answer'));
    await turn();
    enqueue('b');
    await turn();
    expect(log).toEqual([]);
    await finish();
    expect(log).toEqual(['deliver a #1', 'answer']);
    await finish();
    expect(log).toEqual(['deliver a #1', 'answer', 'deliver b #2']);
  });

  it('answers at once when nothing is waiting for the store', () => {
    pipeline.afterDurable(() => log.push('answer'));
    expect(log).toEqual(['answer']);
  });

  it('fails the updates the store refused and sends nothing that waited for them, but flush still returns', async () => {
    enqueue('a');
    pipeline.afterDurable(() => log.push('answer'));
    const flushed = pipeline.flush().then(() => log.push('flushed'));
    await turn();
    await finish(new Error('EIO'));
    await flushed;
    expect(log).toEqual(['fail a', 'flushed']);
  });

  it('stores client-id bindings with the update written under them, and bindings alone as well', async () => {
    pipeline.enqueue({ room: 'w1/board', update: new Uint8Array([1]), bindings: [{ room: 'w1/board', clientId: 7, participantId: 'ana' }], deliver: () => {}, fail: () => {} });
    pipeline.enqueue({ room: 'w1/board', update: null, bindings: [{ room: 'w1/board', clientId: 8, participantId: 'ben' }], deliver: (seq) => log.push(`bindings #${seq}`), fail: () => {} });
    await turn();
    await finish();
    expect(log).toEqual(['bindings #0']);
    expect(await real.loadClientIds('w1/board')).toEqual(new Map([[7, 'ana'], [8, 'ben']]));
    expect(await storedCount()).toBe(1);
  });
});
