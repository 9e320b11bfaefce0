import type { FastifyInstance } from 'fastify';
import { controlRoom } from '@shared/rooms';
import { setParticipant } from '@shared/schema/control';
import { serverOrigin } from '@shared/schema/origins';
import { newId, roleForKey } from '../auth/keys';
import type { ServerDeps } from '../deps';
import { requireClaims } from './auth';
import { openWorkshop } from './newWorkshop';
import { HttpError } from './errors';
import { CreateWorkshopBody, JoinBody, parseBody, requireId } from './validation';

export function registerWorkshopRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store, docs, config, log } = deps;

  app.post('/api/workshops', { config: { rateLimit: { max: config.RATE_CREATE_PER_MINUTE, timeWindow: 60_000 } } }, async (req, reply) => {
    const { title } = parseBody(CreateWorkshopBody, req.body);
    const created = openWorkshop(deps, title);
    log.info({ workshop: created.id }, 'workshop created');
    return reply.code(201).send(created);
  });

  app.post<{ Params: { id: string } }>('/api/workshops/:id/join', { config: { rateLimit: { max: config.RATE_JOIN_PER_MINUTE, timeWindow: 60_000 } } }, async (req) => {
    const id = requireId(req.params.id);
    const body = parseBody(JoinBody, req.body);
    const workshop = store.getWorkshop(id);
    if (!workshop) throw new HttpError(404, 'workshop not found');
    const role = roleForKey(body.key, workshop.keyHashes);
    if (!role) throw new HttpError(403, 'this key does not open this workshop');
    if (store.listParticipants(id).length >= config.MAX_PARTICIPANTS) throw new HttpError(409, 'this workshop is full');
    const participant = { id: newId(), workshopId: id, name: body.name, role, joinedAt: Date.now() };
    store.addParticipant(participant);
    docs.transact(controlRoom(id), (doc) => setParticipant(doc, participant, serverOrigin('join')), 'join');
    const token = await deps.tokens.sign({ workshopId: id, participantId: participant.id, role });
    log.info({ workshop: id, participant: participant.id, role }, 'participant joined');
    return { participantId: participant.id, role, token };
  });

  app.get<{ Params: { id: string } }>('/api/workshops/:id', async (req) => {
    const id = requireId(req.params.id);
    const claims = await requireClaims(req, deps, id);
    const workshop = store.getWorkshop(id)!;
    const me = store.getParticipant(claims.participantId);
    return { id, title: workshop.title, createdAt: workshop.createdAt, role: claims.role, participantId: claims.participantId, name: me?.name ?? null, maxNotes: config.MAX_NOTES };
  });
}
