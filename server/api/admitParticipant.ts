import type { Role } from '@shared/roles';
import { controlRoom } from '@shared/rooms';
import { setParticipant } from '@shared/schema/control';
import { serverOrigin } from '@shared/schema/origins';
import { newId } from '../auth/keys';
import type { ServerDeps } from '../deps';
import { RateLimiter } from '../http/rateLimiter';
import { HttpError } from './errors';

interface Admitted {
  workshopId: string;
  participantId: string;
  role: Role;
  token: string;
}

/** Adds a person to a workshop (room size checked) and signs their session token: the one way in, by link or by code. */
/** One join budget per workshop and server, whichever way people come in (link or code). */
const joinLimits = new WeakMap<ServerDeps, RateLimiter>();

function joinsPerWorkshop(deps: ServerDeps): RateLimiter {
  let limiter = joinLimits.get(deps);
  if (!limiter) joinLimits.set(deps, (limiter = new RateLimiter(deps.config.RATE_JOIN_PER_WORKSHOP_PER_MINUTE, 'too many people joined this workshop in the last minute')));
  return limiter;
}

/** Places being taken right now, per workshop: joins that counted the room but are not stored yet. */
const reserving = new WeakMap<ServerDeps, Map<string, number>>();

/** Counts the workshop's people and keeps a place for this join until it is stored (concurrent joins each count the others). */
async function reservePlace(deps: ServerDeps, workshopId: string): Promise<() => void> {
  let places = reserving.get(deps);
  if (!places) reserving.set(deps, (places = new Map()));
  const table = places;
  table.set(workshopId, (table.get(workshopId) ?? 0) + 1);
  const release = () => {
    const n = (table.get(workshopId) ?? 1) - 1;
    if (n <= 0) table.delete(workshopId);
    else table.set(workshopId, n);
  };
  try {
    // Removed people free their place.
    const present = (await deps.data.listParticipants(workshopId)).filter((p) => !deps.access.isRemoved(p.id)).length;
    if (present + (table.get(workshopId) ?? 1) - 1 >= deps.config.MAX_PARTICIPANTS) throw new HttpError(409, 'this workshop is full');
  } catch (err) {
    release();
    throw err;
  }
  return release;
}

export async function admitParticipant(deps: ServerDeps, workshopId: string, role: Role, name: string): Promise<Admitted> {
  const release = await reservePlace(deps, workshopId);
  const participant = { id: newId(), workshopId, name, role, joinedAt: Date.now() };
  try {
    joinsPerWorkshop(deps).take(workshopId);
    await deps.data.addParticipant(participant);
  } finally {
    release();
  }
  // Answered only once the person is stored in the control room too.
  await deps.writes.transact(controlRoom(workshopId), (doc) => setParticipant(doc, participant, serverOrigin('join')), 'join');
  const token = await deps.tokens.sign({ workshopId, participantId: participant.id, role });
  deps.log.info({ workshop: workshopId, participant: participant.id, role }, 'participant joined');
  return { workshopId, participantId: participant.id, role, token };
}
