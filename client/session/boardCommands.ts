import { flushSync } from 'react-dom';
import { placementOf, type Placement } from '@shared/matrix';
import { inReadingOrder } from '@shared/placement';
import type { ColorKey } from '@shared/palette';
import type { Note } from '@shared/schema/board';
import type { Wording } from '@shared/schema/wording';
import { freeParkingSlot, matrixToScreen, NOTE_H, NOTE_W, type Point, type Size, type Viewport } from '../canvas/geometry';
import type { ViewportStore } from '../canvas/viewportStore';
import { tUi } from '../i18n';
import { announce } from './announcer';
import type { LiveBoard } from './hooks';
import type { KeyCommand } from './keymap';
import { placementName, shortText } from './noteLabel';
import type { SelectionStore } from './selectionStore';
import type { VoteState } from './useControlVotes';
import type { ViewCommands } from './useViewCommands';

/** What the commands read of the page at the moment they run. */
export interface CommandContext extends ViewCommands {
  canEdit: boolean;
  newColor: ColorKey;
  /** My votes while voting is open to me; null otherwise. */
  voting: VoteState | null;
  severalPerNote: boolean;
  /** The workshop's own names for the paths, for what the commands say out loud. */
  wording: Wording;
  /** The server lets participants delete only their own notes; facilitators any, after a warning. */
  mayDelete(note: Note): boolean;
}

/** Pans (keeping the zoom) so a matrix point is on screen, when it is not already. */
function revealed(vp: Viewport, size: Size, p: Point): Viewport {
  const s = matrixToScreen(vp, p);
  const halfW = (NOTE_W * vp.zoom) / 2;
  const halfH = (NOTE_H * vp.zoom) / 2;
  // Leave room for the top bar and the toolbar, which float over the canvas.
  const inside = s.x - halfW >= 0 && s.x + halfW <= size.width && s.y - halfH >= 60 && s.y + halfH <= size.height - 90;
  if (inside) return vp;
  return { ...vp, x: vp.x + size.width / 2 - s.x, y: vp.y + size.height / 2 - s.y };
}

/**
 * The board's named commands, shared by the canvas, the list view, the toolbar and the
 * keyboard: each checks the same role and lock rules, and says what it did out loud.
 */
export class BoardCommands {
  /** A note created a moment ago: cancelling its first edit removes it again. */
  private fresh: string | null = null;

  constructor(
    private readonly live: LiveBoard,
    private readonly selection: SelectionStore,
    private readonly viewport: ViewportStore,
    private readonly context: () => CommandContext,
  ) {}

  private note(id: string | null): Note | undefined {
    return id ? this.live.notes.get().byId.get(id) : undefined;
  }

  mayChange(note: Note | undefined): note is Note {
    // As on the canvas: locked notes stay put for everyone until the facilitator unlocks them.
    return !!note && this.context().canEdit && !note.locked;
  }

  addNote(at?: Point): void {
    const ctx = this.context();
    if (!ctx.canEdit) return;
    const p = at ?? freeParkingSlot(this.live.notes.get().notes);
    const id = this.live.actions.createNote(p, ctx.newColor);
    this.live.notes.flushNow();
    this.fresh = id;
    this.reveal(p);
    // Mounting the editor inside the same event lets phones open their keyboard.
    flushSync(() => this.selection.edit(id));
  }

  edit(id: string): void {
    if (this.mayChange(this.note(id))) flushSync(() => this.selection.edit(id));
  }

  saveText(id: string, text: string): void {
    if (this.fresh === id && text.trim() === '') this.live.actions.deleteNote(id);
    else this.live.actions.setText(id, text);
    this.fresh = null;
    this.selection.stopEditing();
  }

  cancelEdit(id: string): void {
    if (this.fresh === id) this.live.actions.deleteNote(id);
    this.fresh = null;
    this.selection.stopEditing();
  }

  setText(id: string, text: string): void {
    if (this.mayChange(this.note(id))) this.live.actions.setText(id, text);
  }

  deleteNote(id: string): void {
    const note = this.note(id);
    if (!this.mayChange(note) || !this.context().mayDelete(note)) return;
    // Keep keyboard focus on the board: the next note in reading order takes it.
    const next = this.neighbour(id, 1) ?? this.neighbour(id, -1);
    this.live.actions.deleteNote(id);
    announce(tUi('say.deleted', { note: shortText(note.text) }));
    if (this.selection.get().focused && next) this.selection.focus(next.id);
    else this.selection.forget(id);
  }

  setColor(id: string, color: ColorKey): void {
    if (this.mayChange(this.note(id))) this.live.actions.setColor(id, color);
  }

  /** Moves a note into a path (or the parking area) as a drag would, and says where it went. */
  moveTo(id: string, target: Placement): void {
    const note = this.note(id);
    if (!note) return;
    if (!this.mayChange(note)) {
      announce(this.context().canEdit ? tUi('say.noteLocked') : tUi('say.cannotMove'));
      return;
    }
    if (!this.live.actions.moveToPath(id, target)) {
      announce(tUi('say.alreadyIn', { note: shortText(note.text), path: placementName(target, this.context().wording) }));
      return;
    }
    this.live.notes.flushNow();
    const moved = this.note(id);
    if (moved) this.reveal(moved);
    announce(tUi('say.moved', { note: shortText(note.text), path: placementName(target, this.context().wording) }));
  }

  nudge(id: string, dx: number, dy: number): void {
    const note = this.note(id);
    if (!this.mayChange(note)) return;
    const before = placementOf(note.x, note.y);
    this.live.actions.moveNote(id, { x: note.x + dx, y: note.y + dy });
    this.live.notes.flushNow();
    const moved = this.note(id);
    if (!moved) return;
    this.reveal(moved);
    const after = placementOf(moved.x, moved.y);
    if (after !== before) announce(tUi('say.moved', { note: shortText(note.text), path: placementName(after, this.context().wording) }));
  }

  async vote(id: string, delta: 1 | -1 = 1): Promise<void> {
    const note = this.note(id);
    const { voting, severalPerNote } = this.context();
    if (!note) return;
    if (!voting?.mine) {
      announce(tUi('say.votingClosed'));
      return;
    }
    const mine = voting.mine.notes[id] ?? 0;
    if (delta === 1 && voting.mine.remaining === 0) return announce(tUi('say.noVotesLeft'));
    if (delta === 1 && mine > 0 && !severalPerNote) return announce(tUi('say.onePerNote'));
    if (delta === -1 && mine === 0) return;
    if (voting.busy) return;
    await voting.cast(id, delta);
  }

  /** Moves keyboard focus to the next (or previous) note in reading order; false past either end. */
  focusStep(step: 1 | -1): boolean {
    const current = this.selection.get().selectedId;
    const next = current ? this.neighbour(current, step) : inReadingOrder(this.live.notes.get().notes)[0];
    if (!next) return false;
    this.selection.focus(next.id);
    this.reveal(next);
    return true;
  }

  /** Runs a key's command; false leaves the key to the browser. */
  run(cmd: KeyCommand): boolean {
    const ctx = this.context();
    const selectedId = this.selection.get().selectedId;
    const selected = this.note(selectedId);
    switch (cmd.kind) {
      case 'undo':
      case 'redo':
        if (!ctx.canEdit) return false;
        if (cmd.kind === 'undo') this.live.undo.undo();
        else this.live.undo.redo();
        return true;
      case 'newNote':
        if (!ctx.canEdit) return false;
        this.addNote(this.pointer ?? undefined);
        return true;
      case 'zoom':
        ctx.zoomBy(cmd.factor);
        return true;
      case 'fit':
        ctx.fitBoard();
        return true;
      case 'leave':
        if (this.selection.get().focused) ctx.focusCanvas();
        this.selection.select(null);
        return true;
      case 'focusStep':
        return this.focusStep(cmd.step);
    }
    if (!selected) return false;
    switch (cmd.kind) {
      case 'edit':
        this.edit(selected.id);
        return true;
      case 'delete':
        this.deleteNote(selected.id);
        return true;
      case 'nudge':
        this.nudge(selected.id, cmd.dx, cmd.dy);
        return true;
      case 'moveTo':
        this.moveTo(selected.id, cmd.target);
        return true;
      case 'vote':
        void this.vote(selected.id);
        return true;
    }
  }

  /** The last pointer position over the canvas (matrix units): N adds a note there. */
  pointer: Point | null = null;

  private neighbour(id: string, step: 1 | -1): Note | undefined {
    const order = inReadingOrder(this.live.notes.get().notes);
    const i = order.findIndex((n) => n.id === id);
    return i < 0 ? undefined : order[i + step];
  }

  private reveal(p: Point): void {
    this.viewport.set(revealed(this.viewport.get(), this.viewport.getSize(), p));
  }
}
