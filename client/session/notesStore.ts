import type * as Y from 'yjs';
import { notesOf, readBoard, readNote, type Note } from '@shared/schema/board';
import { LOCAL } from '@shared/schema/origins';

export interface NotesSnapshot {
  /** Notes in drawing order (oldest first, so newer notes sit on top). */
  notes: readonly Note[];
  byId: ReadonlyMap<string, Note>;
  /** Notes someone else moved a moment ago: drawn on a small layer so the big one stays still. */
  active: ReadonlySet<string>;
}

export type Schedule = (run: () => void) => () => void;

const nextFrame: Schedule = (run) => {
  const id = requestAnimationFrame(run);
  return () => cancelAnimationFrame(id);
};

/** How long a note stays on the active layer after its last remote move. */
export const ACTIVE_MS = 1500;

function byDrawingOrder(a: Note, b: Note): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The board's notes as immutable snapshots for React. Yjs events only mark note ids dirty;
 * once per frame the dirty notes are re-read and a new snapshot is published in which every
 * untouched note keeps its object, so a remote move re-renders exactly one note component.
 */
export class NotesStore {
  private snapshot: NotesSnapshot;
  private listeners = new Set<() => void>();
  private dirty = new Set<string>();
  private activeUntil = new Map<string, number>();
  private cancelFlush: (() => void) | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly map: Y.Map<Y.Map<unknown>>;

  constructor(
    doc: Y.Doc,
    private readonly schedule: Schedule = nextFrame,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.map = notesOf(doc);
    const { notes } = readBoard(doc);
    this.snapshot = { notes, byId: new Map(notes.map((n) => [n.id, n])), active: new Set() };
    this.map.observeDeep(this.onEvents);
  }

  get = (): NotesSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Publishes pending changes now, e.g. so a note just created can be edited in the same event. */
  flushNow(): void {
    if (!this.cancelFlush) return;
    this.cancelFlush();
    this.flush();
  }

  destroy(): void {
    this.map.unobserveDeep(this.onEvents);
    this.cancelFlush?.();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.listeners.clear();
  }

  private onEvents = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, txn: Y.Transaction): void => {
    const remote = txn.origin !== LOCAL;
    for (const event of events) {
      if (event.target === this.map) {
        for (const key of event.keys.keys()) this.dirty.add(key);
        continue;
      }
      const id = event.path[0];
      if (typeof id !== 'string') continue;
      this.dirty.add(id);
      // Only the note's own map carries x and y; text and moves events have a longer path.
      const moved = event.path.length === 1 && (event.keys.has('x') || event.keys.has('y'));
      if (remote && moved) this.activeUntil.set(id, this.now() + ACTIVE_MS);
    }
    if (this.dirty.size > 0 && !this.cancelFlush) this.cancelFlush = this.schedule(this.flush);
  };

  private flush = (): void => {
    this.cancelFlush = null;
    const prev = this.snapshot;
    const byId = new Map(prev.byId);
    let membershipChanged = false;
    const changed = new Map<string, Note>();
    for (const id of this.dirty) {
      const note = readNote(id, this.map.get(id));
      if (note) {
        if (!byId.has(id)) membershipChanged = true;
        byId.set(id, note);
        changed.set(id, note);
      } else if (byId.delete(id)) {
        membershipChanged = true;
      }
    }
    this.dirty.clear();
    const notes = membershipChanged ? [...byId.values()].sort(byDrawingOrder) : prev.notes.map((n) => changed.get(n.id) ?? n);
    this.snapshot = { notes, byId, active: this.currentActive(prev.active) };
    this.emit();
  };

  /** The active set, keeping the previous object when its members did not change. */
  private currentActive(prev: ReadonlySet<string>): ReadonlySet<string> {
    const now = this.now();
    let next = Infinity;
    for (const [id, until] of this.activeUntil) {
      if (until <= now) this.activeUntil.delete(id);
      else next = Math.min(next, until);
    }
    if (next !== Infinity && !this.expiryTimer) {
      this.expiryTimer = setTimeout(this.expire, next - now + 20);
    }
    const same = prev.size === this.activeUntil.size && [...this.activeUntil.keys()].every((id) => prev.has(id));
    return same ? prev : new Set(this.activeUntil.keys());
  }

  private expire = (): void => {
    this.expiryTimer = null;
    const active = this.currentActive(this.snapshot.active);
    if (active !== this.snapshot.active) {
      this.snapshot = { ...this.snapshot, active };
      this.emit();
    }
  };

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
