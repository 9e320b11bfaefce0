import { useCallback, useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@shared/roles';
import type { Session } from '@shared/schema/control';
import { matrixToWorld, clampZoom, type Size, type Viewport } from '../canvas/geometry';
import type { ViewportStore } from '../canvas/viewportStore';
import { commandFor, scopeOf } from './keymap';
import { readUser, type PresenceViewport } from './presence';

function readViewport(state: unknown): PresenceViewport | null {
  if (typeof state !== 'object' || state === null) return null;
  const v = (state as Record<string, unknown>).viewport;
  if (typeof v !== 'object' || v === null) return null;
  const { x, y, zoom } = v as Record<string, unknown>;
  if (typeof x !== 'number' || typeof y !== 'number' || typeof zoom !== 'number') return null;
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(zoom) || Math.abs(x) > 10 || Math.abs(y) > 10 || zoom <= 0) return null;
  return { x, y, zoom };
}

/**
 * Where the presenter is looking (centre in matrix units, zoom), read from the states whose
 * user is the presenter (the server sets every state's user from its sender's token, so no one
 * else can pose as them). A presenter with several tabs open (a laptop and the projector) is
 * followed in the one whose view moved last.
 */
export class PresenterView {
  private seen = new Map<number, { key: string; order: number }>();
  private moves = 0;

  constructor(private readonly presenterId: string) {}

  read(states: ReadonlyMap<number, unknown>): PresenceViewport | null {
    let best: PresenceViewport | null = null;
    let bestOrder = -1;
    for (const clientId of this.seen.keys()) if (!states.has(clientId)) this.seen.delete(clientId);
    for (const [clientId, state] of states) {
      if (readUser(state)?.id !== this.presenterId) continue;
      const v = readViewport(state);
      if (!v) continue;
      const key = `${v.x} ${v.y} ${v.zoom}`;
      const previous = this.seen.get(clientId);
      const order = previous?.key === key ? previous.order : ++this.moves;
      this.seen.set(clientId, { key, order });
      if (order > bestOrder) {
        best = v;
        bestOrder = order;
      }
    }
    return best;
  }
}

/** Our viewport showing the same centre at the same zoom on our own screen. */
export function viewportShowing(v: PresenceViewport, screen: Size): Viewport {
  const zoom = clampZoom(v.zoom);
  const world = matrixToWorld(v);
  return { zoom, x: screen.width / 2 - world.x * zoom, y: screen.height / 2 - world.y * zoom };
}

export interface Follow {
  /** Someone presents and we are not them. */
  presenting: boolean;
  following: boolean;
  stepOut(): void;
  rejoin(): void;
}

/**
 * "Bring everyone to me": while the session asks to follow (viewers: whenever someone presents),
 * our view tracks the presenter's, until we step out (a button, or panning and zooming ourselves).
 */
export function useFollowPresenter(awareness: Awareness, viewport: ViewportStore, session: Session, me: { id: string; role: Role }): Follow {
  const presenter = session.presenterId;
  const presenting = presenter !== null && presenter !== me.id && (session.follow || me.role === 'viewer');
  const [steppedOut, setSteppedOut] = useState(false);
  const following = presenting && !steppedOut;

  // A new "bring everyone to me" brings back those who stepped out of the last one.
  useEffect(() => setSteppedOut(false), [presenter, session.follow]);

  useEffect(() => {
    if (!following || !presenter) return;
    let applying = false;
    let tookOver = false;
    let frame: number | null = null;
    const presenterView = new PresenterView(presenter);
    const apply = () => {
      frame = null;
      const v = presenterView.read(awareness.getStates());
      const size = viewport.getSize();
      if (!v || tookOver || size.width === 0) return;
      applying = true;
      viewport.set(viewportShowing(v, size));
      applying = false;
    };
    // Cursor traffic changes awareness many times a second: look for the presenter once per frame.
    const schedule = () => {
      frame ??= requestAnimationFrame(apply);
    };
    // Any other change to our view (a resize, the first fit) is put back, unless we moved it ourselves.
    const unsubscribe = viewport.subscribe(() => {
      if (!applying) schedule();
    });
    const takeOver = () => {
      tookOver = true;
      setSteppedOut(true);
    };
    const onPointer = (e: Event) => {
      if (e.target instanceof Element && e.target.closest('.board-canvas, .zoom-controls')) takeOver();
    };
    // Zooming or fitting with the keyboard is moving our own view: the board's keymap says which keys do that, and where.
    const onKey = (e: KeyboardEvent) => {
      const kind = commandFor(e, scopeOf(e.target))?.kind;
      if (kind === 'zoom' || kind === 'fit') takeOver();
    };
    apply();
    awareness.on('change', schedule);
    window.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('wheel', onPointer, { capture: true, passive: true });
    window.addEventListener('keydown', onKey, true);
    return () => {
      if (frame !== null) cancelAnimationFrame(frame);
      awareness.off('change', schedule);
      unsubscribe();
      window.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('wheel', onPointer, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [following, presenter, awareness, viewport]);

  const stepOut = useCallback(() => setSteppedOut(true), []);
  const rejoin = useCallback(() => setSteppedOut(false), []);
  return { presenting, following, stepOut, rejoin };
}
