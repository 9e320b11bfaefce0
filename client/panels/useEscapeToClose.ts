import { useEffect } from 'react';

/**
 * Escape closes a modal dialog (or leaves Present mode) wherever focus is on the page, and goes
 * no further: the board's keyboard dispatcher (useBoardKeyboard) must not also act on it. Capture
 * phase on window, so it runs before any other listener. Pass null while the dialog is closed.
 */
export function useEscapeToClose(close: (() => void) | null): void {
  useEffect(() => {
    if (!close) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.isComposing) return;
      e.stopPropagation();
      close();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [close]);
}
