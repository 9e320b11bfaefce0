import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqliteStore';
import type { Store } from '../../server/store/types';
import { UpdatePipeline } from '../../server/rooms/pipeline';

// A real SQLite store whose disk syncs wait until the test lets them finish, like a slow disk.
let dir: string;
let store: Store;
let heldSyncs: Array<(err?: Error) => Promise<void>>;
let log: string[];
let pipeline: UpdatePipeline;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'four-paths-pipeline-'));
  const real = openSqliteStore(join(dir, 'store.sqlite'));
  heldSyncs = [];
  store = Object.assign(Object.create(real) as Store, {
    syncLog(done: (err: Error | null) => void) {
      // Released by the test; resolves once the pipeline has had the result.
      heldSyncs.push(
        (err) =>
          new Promise<void>((resolve) => {
            const finish = (e: Error | null) => {
              done(e);
              resolve();
            };
            if (err) finish(err);
            else real.syncLog(finish);
          }),
      );
    },
  });
  log = [];
  pipeline = new UpdatePipeline(store, () => undefined);
});

afterEach(async () => {
  while (heldSyncs.length > 0) await heldSyncs.shift()!();
  pipeline.flush();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const turn = () => new Promise((r) => setImmediate(r));

function enqueue(name: string, room = 'w1/board'): void {
  const out = log;
  pipeline.enqueue({ room, update: new TextEncoder().encode(name), deliver: () => out.push(`deliver ${name}`), fail: () => out.push(`fail ${name}`) });
}

function storedCount(): number {
  return store.loadDoc('w1/board').updates.length;
}

/** Lets the oldest held sync finish (or fail), once the pipeline has handled its result. */
function finishSync(err?: Error): Promise<void> {
  return heldSyncs.shift()!(err);
}

describe('persist, then broadcast', () => {
  it('appends an update at once but delivers it only after the disk sync covering it has finished', async () => {
    enqueue('a');
    await turn();
    expect(storedCount()).toBe(1);
    expect(heldSyncs).toHaveLength(1);
    expect(log).toEqual([]);
    await finishSync();
    expect(log).toEqual(['deliver a']);
  });

  it('lets updates that arrive during a slow sync wait for the next one, in order', async () => {
    enqueue('a');
    await turn();
    enqueue('b');
    enqueue('c');
    await turn();
    expect(storedCount()).toBe(3);
    expect(heldSyncs).toHaveLength(1);
    await finishSync();
    expect(log).toEqual(['deliver a']);
    expect(heldSyncs).toHaveLength(1);
    await finishSync();
    expect(log).toEqual(['deliver a', 'deliver b', 'deliver c']);
  });

  it('delivers everything on flush, blocking, and never twice when the slow sync ends later', async () => {
    enqueue('a');
    await turn();
    enqueue('b');
    pipeline.flush();
    expect(log).toEqual(['deliver a', 'deliver b']);
    await finishSync();
    expect(log).toEqual(['deliver a', 'deliver b']);
  });

  it('sends a newcomer’s answer only after the updates enqueued before it are delivered', async () => {
    enqueue('a');
    const out = log;
    pipeline.afterDurable(() => out.push('answer'));
    enqueue('b');
    await turn();
    expect(log).toEqual([]);
    await finishSync();
    expect(log).toEqual(['deliver a', 'answer']);
    await finishSync();
    expect(log).toEqual(['deliver a', 'answer', 'deliver b']);
  });

  it('answers at once when nothing is waiting for the disk', () => {
    pipeline.afterDurable(() => log.push('answer'));
    expect(log).toEqual(['answer']);
  });

  it('fails the updates of a sync the disk refused and sends nothing that waited for them', async () => {
    enqueue('a');
    pipeline.afterDurable(() => log.push('answer'));
    await turn();
    await finishSync(new Error('EIO'));
    expect(log).toEqual(['fail a']);
  });
});
