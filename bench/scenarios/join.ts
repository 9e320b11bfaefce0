import * as Y from 'yjs';
import { boardRoom } from '@shared/rooms';
import { notesOf } from '@shared/schema/board';
import { openWorkshop, type BenchWorkshop } from '../lib/api';
import { fillBoard } from '../lib/board';
import { openProvider, whenSynced } from '../lib/probes';
import { readMetric, type Target } from '../lib/servers';
import { distribution, sleep, waitFor, type Distribution } from '../lib/stats';

export interface JoinResult {
  notes: number;
  warmMs: Distribution;
  /** Null for a server without a store (the reference keeps documents in memory only). */
  coldMs: Distribution | null;
}

/** Time from opening a provider to its first completed sync, with every note present. */
async function timeJoin(target: Target, room: string, token: string, notes: number): Promise<number> {
  const doc = new Y.Doc();
  const started = performance.now();
  const provider = openProvider(target, room, token, doc);
  await whenSynced(provider);
  const ms = performance.now() - started;
  const complete = notesOf(doc).size === notes;
  provider.destroy();
  doc.destroy();
  if (!complete) throw new Error(`a joining client synced with ${notesOf(doc).size} of ${notes} notes`);
  return ms;
}

async function roomsLoaded(target: Target): Promise<number> {
  return readMetric(target, 'fourpaths_rooms_loaded');
}

/**
 * A fresh client joining a board of `notes` notes: warm (the room is in memory because someone
 * is connected) and, on our server, cold (everyone left, the room was unloaded and is read back
 * from SQLite). The target must run with a short ROOM_IDLE_MS.
 */
export async function runJoin(target: Target, notes: number, samples: number): Promise<JoinResult & { workshop: BenchWorkshop }> {
  const w = await openWorkshop(target, 2);
  const room = boardRoom(w.id);
  const writer = await fillBoard(target, room, w.seats[0]!, notes);
  const token = w.seats[1]!.token;
  await timeJoin(target, room, token, notes); // first join warms up code paths, not measured
  const warm: number[] = [];
  for (let i = 0; i < samples; i++) warm.push(await timeJoin(target, room, token, notes));
  writer.close();
  if (target.kind === 'reference') return { workshop: w, notes, warmMs: distribution(warm), coldMs: null };

  const cold: number[] = [];
  for (let i = 0; i < samples; i++) {
    if (!(await waitFor(async () => (await roomsLoaded(target)) === 0, 30_000, 100))) throw new Error('the room was not unloaded');
    await sleep(100);
    cold.push(await timeJoin(target, room, token, notes));
  }
  return { workshop: w, notes, warmMs: distribution(warm), coldMs: distribution(cold) };
}
