import { isColorKey, type ColorKey } from '@shared/palette';
import { isRole, type Role } from '@shared/roles';

// What this browser remembers between visits. localStorage can be unavailable (private
// modes, blocked storage), so every access tolerates failure and falls back to nothing.

const NAME_KEY = 'fourPaths.name';
const COLOR_KEY = 'fourPaths.noteColor';
const workshopKey = (id: string) => `fourPaths.workshop.${id}`;

export interface StoredMembership {
  token: string;
  participantId: string;
  role: Role;
  /** The link key it was obtained with, so opening a different link joins again. */
  key: string;
  name: string;
  /** Shown when the board opens offline. */
  title: string;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Nothing to do: the user simply types their name again next time.
  }
}

export function loadDisplayName(): string {
  return read(NAME_KEY) ?? '';
}

export function saveDisplayName(name: string): void {
  write(NAME_KEY, name);
}

export function loadNoteColor(): ColorKey {
  const c = read(COLOR_KEY);
  return isColorKey(c) ? c : 'yellow';
}

export function saveNoteColor(color: ColorKey): void {
  write(COLOR_KEY, color);
}

export function loadMembership(workshopId: string): StoredMembership | null {
  const raw = read(workshopKey(workshopId));
  if (!raw) return null;
  try {
    const o: unknown = JSON.parse(raw);
    if (typeof o !== 'object' || o === null) return null;
    const m = o as Record<string, unknown>;
    if (typeof m.token !== 'string' || typeof m.participantId !== 'string' || !isRole(m.role) || typeof m.key !== 'string') return null;
    return { token: m.token, participantId: m.participantId, role: m.role, key: m.key, name: typeof m.name === 'string' ? m.name : '', title: typeof m.title === 'string' ? m.title : '' };
  } catch {
    return null;
  }
}

export function saveMembership(workshopId: string, m: StoredMembership): void {
  write(workshopKey(workshopId), JSON.stringify(m));
}

export function forgetMembership(workshopId: string): void {
  write(workshopKey(workshopId), null);
}
