import * as Y from 'yjs';
import { notesOf } from '@shared/schema/board';
import { LOCAL } from '@shared/schema/origins';

const CAPTURE_MS = 500;

/** Undo and redo of this client's own edits only: the manager tracks the LOCAL origin and nothing else. */
export class BoardUndo {
  private readonly manager: Y.UndoManager;
  private listeners = new Set<() => void>();
  private state = { canUndo: false, canRedo: false };

  constructor(doc: Y.Doc) {
    this.manager = new Y.UndoManager(notesOf(doc), { trackedOrigins: new Set([LOCAL]), captureTimeout: CAPTURE_MS });
    for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) this.manager.on(event, this.refresh);
  }

  get = () => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  undo(): void {
    this.manager.undo();
  }

  redo(): void {
    this.manager.redo();
  }

  /** Ends the current undo step, so the next edit (an import) is not merged with the one before. */
  stopCapturing(): void {
    this.manager.stopCapturing();
  }

  /** A drag becomes one undo step however long it lasts, pauses included. */
  beginGesture(): void {
    this.manager.stopCapturing();
    this.manager.captureTimeout = Number.POSITIVE_INFINITY;
  }

  endGesture(): void {
    this.manager.captureTimeout = CAPTURE_MS;
    this.manager.stopCapturing();
  }

  destroy(): void {
    this.manager.destroy();
    this.listeners.clear();
  }

  private refresh = (): void => {
    const next = { canUndo: this.manager.canUndo(), canRedo: this.manager.canRedo() };
    if (next.canUndo === this.state.canUndo && next.canRedo === this.state.canRedo) return;
    this.state = next;
    for (const l of this.listeners) l();
  };
}
