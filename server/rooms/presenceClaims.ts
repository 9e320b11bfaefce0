import type { Role } from '@shared/roles';

/** Who a connection is, as presence shows it: from the token and the store, never from the client. */
export interface PresenceIdentity {
  id: string;
  name: string;
  role: Role;
}

type BoundState = { kind: 'null' } | { kind: 'state'; bytes: Uint8Array };

const utf8In = new TextDecoder('utf-8', { fatal: true });
const utf8Out = new TextEncoder();

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An awareness state with its `user.id`, `user.name` and `user.role` set from the connection's
 * identity. A state that already tells the truth keeps its bytes; a state without a `user`
 * claims nobody and is left as it is. Null when the bytes are not JSON.
 */
export function bindPresence(state: Uint8Array, who: PresenceIdentity): BoundState | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8In.decode(state));
  } catch {
    return null;
  }
  if (parsed === null) return { kind: 'null' };
  if (!isRecord(parsed) || !('user' in parsed)) return { kind: 'state', bytes: state };
  const user = parsed.user;
  if (isRecord(user) && user.id === who.id && user.name === who.name && user.role === who.role) return { kind: 'state', bytes: state };
  parsed.user = { ...(isRecord(user) ? user : {}), id: who.id, name: who.name, role: who.role };
  try {
    return { kind: 'state', bytes: utf8Out.encode(JSON.stringify(parsed)) };
  } catch {
    // Nesting too deep to write back out: no receiver could be expected to read it either.
    return null;
  }
}
