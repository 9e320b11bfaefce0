import type { Role } from '@shared/roles';
import { loadSecret } from '../auth/tokens';
import { formatJoinCode, hashJoinCode, newJoinCode } from '../auth/joinCode';
import type { ServerDeps } from '../deps';
import type { AsyncStore } from '../store/types';
import { openInviteStore, type InviteStore } from './inviteStore';
import { createSealer } from './sealing';

// One invite store per open store, opened on first use, so no route needs extra wiring.
const opened = new WeakMap<AsyncStore, InviteStore>();

export function invitesFor(deps: ServerDeps): InviteStore {
  let invites = opened.get(deps.data);
  if (!invites) {
    invites = openInviteStore(deps.data, createSealer(loadSecret(deps.config.dataDir, deps.config.SESSION_SECRET)));
    opened.set(deps.data, invites);
  }
  return invites;
}

/** Keeps a role's current key for the invite panel; call it on creation and on every link rotation. */
export function rememberInviteKey(deps: ServerDeps, workshopId: string, role: Role, key: string): Promise<void> {
  return invitesFor(deps).saveKey(workshopId, role, key);
}

/** Replaces the workshop's join code (the old one stops working at once) and returns the new one, formatted. */
export async function rotateJoinCode(deps: ServerDeps, workshopId: string): Promise<string> {
  const invites = invitesFor(deps);
  for (;;) {
    const code = newJoinCode();
    const hash = hashJoinCode(code);
    // 40 bits make a clash with another workshop's code vanishingly rare; draw again if it happens.
    if (await invites.workshopForCodeHash(hash)) continue;
    await invites.saveCode(workshopId, code, hash);
    return formatJoinCode(code);
  }
}

/** The current join code, formatted, made on first use for workshops older than join codes. */
export async function currentJoinCode(deps: ServerDeps, workshopId: string): Promise<string> {
  const code = await invitesFor(deps).code(workshopId);
  return code ? formatJoinCode(code) : rotateJoinCode(deps, workshopId);
}
