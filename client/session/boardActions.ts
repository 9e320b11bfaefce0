import type * as Y from 'yjs';
import { createNote, createNotes, deleteNotes, dragNote, dropNote, moveNote, readBoard, setNoteColor, setNoteText } from '@shared/schema/board';
import { fitNoteText } from '@shared/schema/note';
import { placementOf, type Placement } from '@shared/matrix';
import { landingSpot } from '@shared/placement';
import type { ColorKey } from '@shared/palette';
import type { PlannedNote } from '@shared/import/plan';
import type { BoardUndo } from './undo';
import { limitsStore } from './limits';

export interface MatrixPoint {
  x: number;
  y: number;
}

/** Live drag updates others see: ~20 per second. */
export const DRAG_SEND_MS = 50;

/**
 * The edits a person makes on the board, each one named command over shared/schema with
 * the LOCAL origin, so components never touch the document and undo sees every edit.
 */
export class BoardActions {
  private dragTimer: ReturnType<typeof setTimeout> | null = null;
  private dragPending: { id: string; p: MatrixPoint } | null = null;
  private lastDragSent = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly undo: BoardUndo,
    private readonly participantId: string,
  ) {}

  createNote(p: MatrixPoint, color: ColorKey, text = ''): string {
    return createNote(this.doc, { x: p.x, y: p.y, color, text: fitNoteText(text, limitsStore.get()), authorId: this.participantId });
  }

  /** Many notes at once (an import): one transaction, so one undo step; authorId null means oneself. */
  createNotes(notes: readonly PlannedNote[], authorId: (i: number) => string | null = () => null): string[] {
    this.undo.stopCapturing();
    const ids = createNotes(this.doc, notes.map((n, i) => ({ ...n, authorId: authorId(i) ?? this.participantId })));
    this.undo.stopCapturing();
    return ids;
  }

  setText(id: string, text: string): void {
    setNoteText(this.doc, id, fitNoteText(text, limitsStore.get()));
  }

  setColor(id: string, color: ColorKey): void {
    setNoteColor(this.doc, id, color);
  }

  deleteNote(id: string): void {
    deleteNotes(this.doc, [id]);
  }

  /** A move that is not a drag (keyboard, test API): logged like any quadrant change. */
  moveNote(id: string, p: MatrixPoint): void {
    moveNote(this.doc, id, p.x, p.y, this.participantId);
  }

  /**
   * Moves a note into a path (or back to the parking area) as a drag would, landing on a
   * free spot there; false when it is already in that path or gone.
   */
  moveToPath(id: string, target: Placement): boolean {
    const { notes } = readBoard(this.doc);
    const note = notes.find((n) => n.id === id);
    if (!note || placementOf(note.x, note.y) === target) return false;
    const spot = landingSpot(target, notes.filter((n) => n.id !== id));
    // Its own undo step, like a drag, even right after creating or nudging the note.
    this.undo.beginGesture();
    moveNote(this.doc, id, spot.x, spot.y, this.participantId);
    this.undo.endGesture();
    return true;
  }

  beginDrag(): void {
    this.undo.beginGesture();
    this.lastDragSent = 0;
  }

  /** Throttled live position while dragging; the last one is always sent or superseded by the drop. */
  dragTo(id: string, p: MatrixPoint): void {
    this.dragPending = { id, p };
    if (this.dragTimer) return;
    const wait = Math.max(0, this.lastDragSent + DRAG_SEND_MS - Date.now());
    this.dragTimer = setTimeout(this.sendDrag, wait);
  }

  /** The exact final position, with one quadrant change logged from where the drag began. */
  drop(id: string, start: MatrixPoint, end: MatrixPoint): void {
    this.cancelPendingDrag();
    dropNote(this.doc, id, start, end.x, end.y, this.participantId);
    this.undo.endGesture();
  }

  destroy(): void {
    this.cancelPendingDrag();
  }

  private sendDrag = (): void => {
    this.dragTimer = null;
    const pending = this.dragPending;
    this.dragPending = null;
    if (!pending) return;
    this.lastDragSent = Date.now();
    dragNote(this.doc, pending.id, pending.p.x, pending.p.y);
  };

  private cancelPendingDrag(): void {
    if (this.dragTimer) clearTimeout(this.dragTimer);
    this.dragTimer = null;
    this.dragPending = null;
  }
}
