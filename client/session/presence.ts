import { MAX_ID, MAX_NAME } from '@shared/limits';
import { isRole } from '@shared/roles';
import { tUi } from '../i18n';
import type { MatrixPoint, PresenceUser } from './localPresence';

// Others' presence, read from awareness states (untrusted input). What we publish is in localPresence.ts.

export type { MatrixPoint, PresenceUser, PresenceViewport } from './localPresence';

export interface Person extends PresenceUser {
  clientId: number;
  isSelf: boolean;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Reads the user out of someone's awareness state; remote states are untrusted input. */
export function readUser(state: unknown): PresenceUser | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as Record<string, unknown>).user;
  if (typeof user !== 'object' || user === null) return null;
  const u = user as Record<string, unknown>;
  if (typeof u.id !== 'string' || typeof u.name !== 'string' || !isRole(u.role)) return null;
  const color = typeof u.color === 'string' && COLOR.test(u.color) ? u.color : '#64748b';
  return { id: u.id.slice(0, MAX_ID), name: u.name.slice(0, MAX_NAME) || tUi('common.someone'), color, role: u.role };
}

export function readCursor(state: unknown): MatrixPoint | null {
  if (typeof state !== 'object' || state === null) return null;
  const cursor = (state as Record<string, unknown>).cursor;
  if (typeof cursor !== 'object' || cursor === null) return null;
  const c = cursor as Record<string, unknown>;
  if (!isFiniteNumber(c.x) || !isFiniteNumber(c.y) || Math.abs(c.x) > 10 || Math.abs(c.y) > 10) return null;
  return { x: c.x, y: c.y };
}

/** Who is here: one entry per person (several tabs count once), ourselves first, then by name. */
export function peopleIn(states: ReadonlyMap<number, unknown>, selfClientId: number, selfUserId: string): Person[] {
  const byUser = new Map<string, Person>();
  for (const [clientId, state] of states) {
    const user = readUser(state);
    if (!user) continue;
    const isSelf = clientId === selfClientId || user.id === selfUserId;
    const existing = byUser.get(user.id);
    if (!existing || (isSelf && !existing.isSelf)) byUser.set(user.id, { ...user, clientId, isSelf });
  }
  return [...byUser.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}

export function samePeople(a: readonly Person[], b: readonly Person[]): boolean {
  return a.length === b.length && a.every((p, i) => {
    const q = b[i]!;
    return p.id === q.id && p.name === q.name && p.color === q.color && p.role === q.role && p.isSelf === q.isSelf;
  });
}

