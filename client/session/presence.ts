import type { Awareness } from 'y-protocols/awareness';
import { isRole, type Role } from '@shared/roles';
import { tUi } from '../i18n';

// Presence scope: synced through awareness, never persisted. Our local state is
// `{ user: { id, name, color, role }, cursor: { x, y } | null, viewport: { x, y, zoom } }`,
// cursor in matrix units, viewport = the view's centre in matrix units and its zoom.

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
  role: Role;
}

export interface Person extends PresenceUser {
  clientId: number;
  isSelf: boolean;
}

export interface MatrixPoint {
  x: number;
  y: number;
}

export interface PresenceViewport {
  x: number;
  y: number;
  zoom: number;
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
  return { id: u.id.slice(0, 64), name: u.name.slice(0, 40) || tUi('common.someone'), color, role: u.role };
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

const round = (v: number) => Math.round(v * 1000) / 1000;

function sameCursor(a: MatrixPoint | null | undefined, b: MatrixPoint | null): boolean {
  if (!a || !b) return (a ?? null) === b;
  return a.x === b.x && a.y === b.y;
}

function sameViewport(a: PresenceViewport | undefined, b: PresenceViewport): boolean {
  return !!a && a.x === b.x && a.y === b.y && a.zoom === b.zoom;
}

interface LocalState {
  user: PresenceUser;
  cursor: MatrixPoint | null;
  viewport?: PresenceViewport;
}

/**
 * Publishes our presence: only what changed, at most once per interval (20 Hz by default),
 * always ending with the latest value. Leaving the page clears our state so others see us go.
 */
export class LocalPresence {
  private state: LocalState;
  private pending: Partial<LocalState> = {};
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = -Infinity;

  constructor(
    private readonly awareness: Awareness,
    user: PresenceUser,
    private readonly intervalMs = 50,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.state = { user, cursor: null };
    awareness.setLocalState({ ...this.state });
    this.lastSent = now();
    if (typeof window !== 'undefined') {
      window.addEventListener('pagehide', this.onHide);
      window.addEventListener('pageshow', this.onShow);
    }
  }

  setCursor(p: MatrixPoint | null): void {
    const next = p ? { x: round(p.x), y: round(p.y) } : null;
    const current = 'cursor' in this.pending ? this.pending.cursor : this.state.cursor;
    if (sameCursor(current, next)) return;
    this.pending.cursor = next;
    this.schedule();
  }

  setViewport(v: PresenceViewport): void {
    const current = this.pending.viewport ?? this.state.viewport;
    if (sameViewport(current, v)) return;
    this.pending.viewport = v;
    this.schedule();
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    if (typeof window !== 'undefined') {
      window.removeEventListener('pagehide', this.onHide);
      window.removeEventListener('pageshow', this.onShow);
    }
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - this.now());
    this.timer = setTimeout(this.flush, wait);
  }

  private flush = (): void => {
    this.timer = null;
    const next = { ...this.state, ...this.pending };
    this.pending = {};
    const cursorSame = sameCursor(this.state.cursor, next.cursor);
    const viewportSame = next.viewport === this.state.viewport || (!!next.viewport && sameViewport(this.state.viewport, next.viewport));
    if (cursorSame && viewportSame) return;
    this.state = next;
    this.lastSent = this.now();
    this.awareness.setLocalState({ ...next });
  };

  private onHide = (): void => {
    this.awareness.setLocalState(null);
  };

  /** Back from the back/forward cache: we are here again. */
  private onShow = (e: PageTransitionEvent): void => {
    if (e.persisted) this.awareness.setLocalState({ ...this.state });
  };
}
