import type { Role } from '@shared/roles';
import { controlRoom } from '@shared/rooms';
import { setParticipant } from '@shared/schema/control';
import { serverOrigin } from '@shared/schema/origins';
import { newId } from '../auth/keys';
import type { ServerDeps } from '../deps';
import { HttpError } from './errors';

interface Admitted {
  workshopId: string;
  participantId: string;
  role: Role;
  token: string;
}

/** Adds a person to a workshop (room size checked) and signs their session token: the one way in, by link or by code. */
export async function admitParticipant(deps: ServerDeps, workshopId: string, role: Role, name: string): Promise<Admitted> {
  if (deps.store.listParticipants(workshopId).length >= deps.config.MAX_PARTICIPANTS) throw new HttpError(409, 'this workshop is full');
  const participant = { id: newId(), workshopId, name, role, joinedAt: Date.now() };
  deps.store.addParticipant(participant);
  deps.docs.transact(controlRoom(workshopId), (doc) => setParticipant(doc, participant, serverOrigin('join')), 'join');
  const token = await deps.tokens.sign({ workshopId, participantId: participant.id, role });
  deps.log.info({ workshop: workshopId, participant: participant.id, role }, 'participant joined');
  return { workshopId, participantId: participant.id, role, token };
}
