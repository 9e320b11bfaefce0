import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isId, boardRoom, controlRoom } from '@shared/rooms';
import { notesOf, readNote } from '@shared/schema/board';
import { readSession } from '@shared/schema/control';
import type { Claims } from '../auth/claims';
import type { ServerDeps } from '../deps';
import type { Facilitation } from '../facilitation/facilitation';
import { VoteTotalsBatcher } from '../facilitation/voteTotals';
import { RateLimiter } from '../http/rateLimiter';
import { requireClaims } from './auth';
import { HttpError } from './errors';
import { parseBody, requireId } from './validation';

const VoteBody = z
  .object({
    noteId: z.string().refine(isId, 'noteId must be a note id'),
    delta: z.union([z.literal(1), z.literal(-1)], { error: 'delta must be 1 or -1' }),
    onBehalfOf: z.string().refine(isId, 'onBehalfOf must be a participant id').optional(),
  })
  .strict();

/**
 * Whose budget a vote is drawn from: the caller's own, or (facilitators only) that of a
 * named person in the room, for hybrid workshops.
 */
async function voterFor(deps: ServerDeps, workshopId: string, claims: Claims, onBehalfOf: string | undefined): Promise<string> {
  if (onBehalfOf === undefined || onBehalfOf === claims.participantId) {
    if (claims.role === 'viewer') throw new HttpError(403, 'viewers do not vote');
    return claims.participantId;
  }
  if (claims.role !== 'facilitator') throw new HttpError(403, 'only facilitators can vote on behalf of someone');
  const person = await deps.data.getParticipant(onBehalfOf);
  if (!person || person.workshopId !== workshopId || deps.access.isRemoved(person.id)) throw new HttpError(422, 'no such person in this workshop');
  if (person.role === 'viewer') throw new HttpError(422, 'viewers do not vote');
  return person.id;
}

async function myVotes(deps: ServerDeps, workshopId: string, voter: string) {
  const { spent, notes } = await deps.data.myVotes(workshopId, voter);
  const perParticipant = await deps.docs.readDoc(controlRoom(workshopId), (d) => readSession(d).voting.perParticipant);
  return { remaining: Math.max(0, perParticipant - spent), notes };
}

/** POST /api/workshops/:id/votes (dot voting with a server-kept budget) and GET …/votes/mine. */
export function registerVoteRoutes(app: FastifyInstance, deps: ServerDeps, facilitation: Facilitation): void {
  const voteCalls = new RateLimiter(deps.config.RATE_VOTES_PER_MINUTE, 'too many requests to /votes');
  const totals = new VoteTotalsBatcher(deps, facilitation.publishTotals, deps.config.VOTE_TOTALS_BATCH_MS);
  app.addHook('onClose', async () => {
    voteCalls.close();
    totals.close();
  });

  app.post<{ Params: { id: string } }>('/api/workshops/:id/votes', async (req) => {
    const id = requireId(req.params.id);
    const claims = await requireClaims(req, deps, id);
    voteCalls.take(claims.participantId);
    const body = parseBody(VoteBody, req.body);
    const voter = await voterFor(deps, id, claims, body.onBehalfOf);
    const session = await deps.docs.readDoc(controlRoom(id), readSession);
    if (session.phase !== 'vote') throw new HttpError(409, `voting is closed (the workshop is in the ${session.phase} phase)`);
    const exists = await deps.docs.readDoc(boardRoom(id), (d) => readNote(body.noteId, notesOf(d).get(body.noteId)) !== null);
    if (!exists) throw new HttpError(422, 'there is no such note on the board');
    const result = await deps.data.castVote(id, voter, body.noteId, body.delta, session.voting);
    if (!result.ok) throw new HttpError(422, result.problem);
    totals.voted(id, voter, body.noteId, body.delta);
    deps.log.debug({ workshop: id, participant: claims.participantId, voter, delta: body.delta }, 'vote');
    return { remaining: Math.max(0, session.voting.perParticipant - result.mine.spent), notes: result.mine.notes };
  });

  // How many have voted, for the facilitator's banner. Per-person counts are never published in the control room, where everyone could join them with the live totals.
  app.get<{ Params: { id: string } }>('/api/workshops/:id/votes/progress', async (req) => {
    const id = requireId(req.params.id);
    const claims = await requireClaims(req, deps, id);
    if (claims.role !== 'facilitator') throw new HttpError(403, 'only facilitators see voting progress');
    return { voted: await deps.data.voterCount(id) };
  });

  app.get<{ Params: { id: string }; Querystring: { onBehalfOf?: unknown } }>('/api/workshops/:id/votes/mine', async (req) => {
    const id = requireId(req.params.id);
    const claims = await requireClaims(req, deps, id);
    const onBehalfOf = req.query.onBehalfOf;
    if (onBehalfOf !== undefined && !isId(onBehalfOf)) throw new HttpError(400, 'onBehalfOf must be a participant id');
    return myVotes(deps, id, await voterFor(deps, id, claims, onBehalfOf));
  });
}
