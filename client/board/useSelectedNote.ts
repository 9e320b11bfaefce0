import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Note } from '@shared/schema/board';
import type { NotesSnapshot, NotesStore } from '../session/notesStore';
import type { PresenceUser } from '../session/presence';
import type { SelectionStore } from '../session/selectionStore';

/** The selected note, the one being edited, and what I may do with the selected one. */
export interface SelectedNote {
  selectedId: string | null;
  /** The selection follows keyboard focus (the note's focus target). */
  focused: boolean;
  selected: Note | undefined;
  /** The note in the editor, while I may edit. */
  editing: Note | undefined;
  /** I may change the selected note: I may edit, and it is not locked. */
  editable: boolean;
  /** The server lets participants delete only their own notes; facilitators delete any, after a warning. */
  deletable: boolean;
}

export function useSelectedNote(selection: SelectionStore, notes: NotesStore, snapshot: NotesSnapshot, canEdit: boolean, user: PresenceUser): SelectedNote {
  const { selectedId, editingId, focused } = useSyncExternalStore(selection.subscribe, selection.get);
  const selected = selectedId ? snapshot.byId.get(selectedId) : undefined;
  const editing = editingId && canEdit ? snapshot.byId.get(editingId) : undefined;
  const editable = !!selected && canEdit && !selected.locked;
  const deletable = editable && (user.role === 'facilitator' || selected.authorId === user.id);

  // Forget a selection whose note is gone (deleted here or by someone else).
  useEffect(() => {
    if (selectedId && !snapshot.byId.has(selectedId)) selection.forget(selectedId);
  }, [selectedId, snapshot, selection]);

  // After editing with the keyboard, focus goes back to the note, not to the page.
  const lastEditing = useRef<string | null>(null);
  useEffect(() => {
    const was = lastEditing.current;
    lastEditing.current = editingId;
    if (!was || editingId) return;
    const frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      if ((!active || active === document.body) && notes.get().byId.has(was)) selection.focus(was);
    });
    return () => cancelAnimationFrame(frame);
  }, [editingId, notes, selection]);

  return { selectedId, focused, selected, editing, editable, deletable };
}
