// The words a screen reader is told about (polite live region, see panels/Announcer.tsx).

interface Announcement {
  text: string;
  /** Increases with every announcement, so saying the same words twice is heard twice. */
  seq: number;
}

let current: Announcement = { text: '', seq: 0 };
const listeners = new Set<() => void>();

export function announce(text: string): void {
  current = { text, seq: current.seq + 1 };
  for (const l of listeners) l();
}

export const announcements = {
  get: (): Announcement => current,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
