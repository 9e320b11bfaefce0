import { useMemo } from 'react';
import { boardExtent, fitViewport, PANEL_INSETS, zoomAt } from '../canvas/geometry';
import { boardInsets } from '../canvas/insets';
import type { ViewportStore } from '../canvas/viewportStore';
import type { NotesStore } from './notesStore';

export interface ViewCommands {
  zoomBy(factor: number): void;
  fitBoard(): void;
  focusCanvas(): void;
}

const canvasElement = () => document.querySelector<HTMLElement>('[data-testid="board-canvas"]');

/** Zoom, fit and focus for the canvas: session state only, nothing written to the board. */
export function useViewCommands(viewport: ViewportStore, notes: NotesStore): ViewCommands {
  return useMemo(
    () => ({
      zoomBy(factor) {
        const size = viewport.getSize();
        viewport.set(zoomAt(viewport.get(), { x: size.width / 2, y: size.height / 2 }, factor));
      },
      fitBoard() {
        const canvas = canvasElement();
        const insets = canvas ? boardInsets(canvas) : PANEL_INSETS;
        // Measured now: the canvas may have just changed size (the list opened) before the store heard of it.
        const size = canvas ? { width: canvas.clientWidth, height: canvas.clientHeight } : viewport.getSize();
        viewport.set(fitViewport(boardExtent(notes.get().notes, size), size, insets));
      },
      focusCanvas() {
        canvasElement()?.focus({ preventScroll: true });
      },
    }),
    [viewport, notes],
  );
}
