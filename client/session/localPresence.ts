import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@shared/roles';

// Our own presence, published through awareness (never persisted): `{ user, cursor, viewport }`,
// cursor in matrix units, viewport = the view's centre in matrix units and its zoom.
// Apart from presence.ts (which reads others' states and needs the language catalogs), so Node tools can use it.

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
  role: Role;
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
