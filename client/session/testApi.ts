import { readBoard, type Note } from '@shared/schema/board';
import { LOCAL } from '@shared/schema/origins';
import type { Role } from '@shared/roles';
import { isColorKey, type ColorKey } from '@shared/palette';
import { matrixToScreen, type Point, type Viewport } from '../canvas/geometry';
import type { ViewportStore } from '../canvas/viewportStore';
import { noteTextPx } from '../canvas/NoteNode';
import type { LiveBoard } from './hooks';

/**
 * What browser tests may ask the running board (dev and test builds only, behind __TEST_API__):
 * state read straight from the document, plus screen positions so tests can drag with the real mouse.
 */
export interface FourPathsTestApi {
  readonly role: Role;
  readonly participantId: string;
  readonly connected: boolean;
  readonly synced: boolean;
  readonly canEdit: boolean;
  notes(): Note[];
  createNote(text: string, x: number, y: number, color?: ColorKey): string;
  /** Many notes in one transaction (one message to the server), for large-board tests. */
  createNotes(notes: Array<{ text: string; x: number; y: number }>): string[];
  moveNote(id: string, x: number, y: number): void;
  deleteNote(id: string): void;
  /** Centre of a note in page (client) pixels, or null when there is no such note. */
  noteScreenPosition(id: string): Point | null;
  /** The size its text is drawn at on screen now, in CSS px, or null when there is no such note. */
  noteTextPx(id: string): number | null;
  /** A matrix point in page (client) pixels. */
  screenPosition(x: number, y: number): Point;
  viewport(): Viewport;
  /** Whether our own awareness state is what others receive (name, colour, role). */
  people(): Array<{ name: string; role: Role }>;
}

interface TestApiDeps {
  live: LiveBoard;
  viewport: ViewportStore;
  canvas: () => HTMLElement | null;
  role: Role;
  participantId: string;
  canEdit: () => boolean;
  people: () => Array<{ name: string; role: Role }>;
}

export function installTestApi(deps: TestApiDeps): () => void {
  const { live, viewport } = deps;
  const toPage = (p: Point): Point => {
    const r = deps.canvas()?.getBoundingClientRect();
    const s = matrixToScreen(viewport.get(), p);
    return { x: s.x + (r?.left ?? 0), y: s.y + (r?.top ?? 0) };
  };
  const api: FourPathsTestApi = {
    role: deps.role,
    participantId: deps.participantId,
    get connected() {
      return live.conn.status.get().state === 'connected';
    },
    get synced() {
      return live.conn.status.get().synced;
    },
    get canEdit() {
      return deps.canEdit();
    },
    notes: () => readBoard(live.conn.board.doc).notes,
    createNote: (text, x, y, color) => live.actions.createNote({ x, y }, isColorKey(color) ? color : 'yellow', text),
    createNotes: (notes) => {
      let ids: string[] = [];
      live.conn.board.doc.transact(() => {
        ids = notes.map((n) => live.actions.createNote({ x: n.x, y: n.y }, 'yellow', n.text));
      }, LOCAL);
      return ids;
    },
    moveNote: (id, x, y) => live.actions.moveNote(id, { x, y }),
    deleteNote: (id) => live.actions.deleteNote(id),
    noteScreenPosition: (id) => {
      const note = readBoard(live.conn.board.doc).notes.find((n) => n.id === id);
      return note ? toPage(note) : null;
    },
    noteTextPx: (id) => {
      const note = readBoard(live.conn.board.doc).notes.find((n) => n.id === id);
      return note ? noteTextPx(note.text, viewport.get().zoom) : null;
    },
    screenPosition: (x, y) => toPage({ x, y }),
    viewport: () => viewport.get(),
    people: deps.people,
  };
  window.__fourPaths = api;
  return () => {
    if (window.__fourPaths === api) delete window.__fourPaths;
  };
}

/** What browser tests may read of Present mode (test builds only). */
export interface PresentTestApi {
  /** The smallest note text on screen, in CSS px. */
  minTextPx(): number;
}
