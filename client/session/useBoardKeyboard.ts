import { useEffect } from 'react';
import type { BoardCommands } from './boardCommands';
import { commandFor, scopeOf } from './keymap';

/** The page's one keydown listener: the keymap says which command, the commands say whether it applied. */
export function useBoardKeyboard(commands: BoardCommands): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const cmd = commandFor(e, scopeOf(e.target));
      if (cmd && commands.run(cmd)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);
}
