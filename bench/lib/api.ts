import { randomUUID } from 'node:crypto';
import type { Role } from '@shared/roles';
import type { Target } from './servers';

export interface Seat {
  participantId: string;
  token: string;
}

export interface BenchWorkshop {
  id: string;
  seats: Seat[];
  /** The workshop's keys by role (empty on the reference, which has none). */
  keys: Partial<Record<Role, string>>;
}

export async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${new URL(url).pathname}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Runs fn over items with at most `limit` in flight. */
export async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * A workshop with `people` seats, through the real API on our server. The
 * references have no workshops or tokens: they get a fresh room name and placeholder seats.
 */
export async function openWorkshop(target: Target, people: number, role: Role = 'participant'): Promise<BenchWorkshop> {
  if (target.kind !== 'ours') {
    const id = randomUUID().replace(/-/g, '').slice(0, 21);
    return { id, keys: {}, seats: Array.from({ length: people }, (_, i) => ({ participantId: `p${i}`, token: 'unused' })) };
  }
  const w = await post<{ id: string; keys: Record<Role, string> }>(`${target.httpUrl}/api/workshops`, { title: 'Bench workshop' });
  const seats = await inBatches(Array.from({ length: people }, (_, i) => i), 8, (i) =>
    post<Seat>(`${target.httpUrl}/api/workshops/${w.id}/join`, { key: w.keys[role], name: `Person ${i + 1}` }),
  );
  return { id: w.id, keys: w.keys, seats };
}
