import { ROLES, type Role } from '@shared/roles';
import { controlRoom } from '@shared/rooms';
import { DEFAULT_VOTING, sessionOf, updateSession } from '@shared/schema/control';
import { serverOrigin } from '@shared/schema/origins';
import { hashKey, newId, newKey } from '../auth/keys';
import type { ServerDeps } from '../deps';
import { rememberInviteKey, rotateJoinCode } from '../invites/invites';

interface OpenedWorkshop {
  id: string;
  title: string;
  createdAt: number;
  keys: Record<Role, string>;
  links: Record<Role, string>;
}

/** Creates a workshop with fresh keys and an initial session (what POST /api/workshops and a rerun both do). */
export async function openWorkshop(deps: ServerDeps, title: string): Promise<OpenedWorkshop> {
  const { data, config } = deps;
  const id = newId();
  const keys = Object.fromEntries(ROLES.map((r) => [r, newKey()])) as Record<Role, string>;
  const createdAt = Date.now();
  await data.createWorkshop({ id, title, createdAt, keyHashes: Object.fromEntries(ROLES.map((r) => [r, hashKey(keys[r])])) as Record<Role, string> });
  for (const r of ROLES) await rememberInviteKey(deps, id, r, keys[r]);
  await rotateJoinCode(deps, id);
  // Answered only once the session is stored: a 201 means the workshop survives a crash.
  await deps.writes.transact(
    controlRoom(id),
    (doc) => {
      if (!sessionOf(doc).has('phase')) updateSession(doc, { phase: 'collect', locked: false, voting: DEFAULT_VOTING, follow: false }, serverOrigin('create'));
    },
    'create',
  );
  const links = Object.fromEntries(ROLES.map((r) => [r, `${config.publicUrl}/w/${id}#key=${keys[r]}`])) as Record<Role, string>;
  return { id, title, createdAt, keys, links };
}
