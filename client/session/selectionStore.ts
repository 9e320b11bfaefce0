// Session state of the board page (local, never synced): which note is selected, which one
// is being edited, and whether the selection follows keyboard focus.

interface Selection {
  selectedId: string | null;
  editingId: string | null;
  /** The selected note holds keyboard focus (its focus target), so the canvas draws a focus ring. */
  focused: boolean;
}

export class SelectionStore {
  private state: Selection = { selectedId: null, editingId: null, focused: false };
  private listeners = new Set<() => void>();

  get = (): Selection => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  select(id: string | null): void {
    this.set({ selectedId: id, focused: id !== null && this.state.focused && id === this.state.selectedId });
  }

  /** Keyboard focus arrived on a note (or left the notes, with null). */
  focus(id: string | null): void {
    if (id === null) this.set({ focused: false });
    else this.set({ selectedId: id, focused: true });
  }

  edit(id: string): void {
    this.set({ selectedId: id, editingId: id });
  }

  stopEditing(): void {
    this.set({ editingId: null });
  }

  /** Forgets a note that is gone (deleted here or by someone else). */
  forget(id: string): void {
    if (this.state.selectedId === id || this.state.editingId === id) {
      this.set({
        selectedId: this.state.selectedId === id ? null : this.state.selectedId,
        editingId: this.state.editingId === id ? null : this.state.editingId,
        focused: this.state.selectedId === id ? false : this.state.focused,
      });
    }
  }

  private set(patch: Partial<Selection>): void {
    const next = { ...this.state, ...patch };
    if (next.selectedId === this.state.selectedId && next.editingId === this.state.editingId && next.focused === this.state.focused) return;
    this.state = next;
    for (const l of this.listeners) l();
  }
}
