import type { FastifyInstance } from 'fastify';
import { roleForKey } from '../auth/keys';
import type { ServerDeps } from '../deps';
import { admitParticipant } from './admitParticipant';
import { requireClaims } from './auth';
import { openWorkshop } from './newWorkshop';
import { HttpError } from './errors';
import { CreateWorkshopBody, JoinBody, parseBody, requireId } from './validation';

export function registerWorkshopRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { data, config, log } = deps;

  app.post('/api/workshops', { config: { rateLimit: { max: config.RATE_CREATE_PER_MINUTE, timeWindow: 60_000 } } }, async (req, reply) => {
    const { title } = parseBody(CreateWorkshopBody, req.body);
    const created = await openWorkshop(deps, title);
    log.info({ workshop: created.id }, 'workshop created');
    return reply.code(201).send(created);
  });

  app.post<{ Params: { id: string } }>('/api/workshops/:id/join', { config: { rateLimit: { max: config.RATE_JOIN_PER_MINUTE, timeWindow: 60_000 } } }, async (req) => {
    const id = requireId(req.params.id);
    const body = parseBody(JoinBody, req.body);
    const workshop = await data.getWorkshop(id);
    if (!workshop) throw new HttpError(404, 'workshop not found');
    const role = roleForKey(body.key, workshop.keyHashes);
    if (!role) throw new HttpError(403, 'this key does not open this workshop');
    const { participantId, token } = await admitParticipant(deps, id, role, body.name);
    return { participantId, role, token };
  });

  app.get<{ Params: { id: string } }>('/api/workshops/:id', async (req) => {
    const id = requireId(req.params.id);
    const claims = await requireClaims(req, deps, id);
    const [workshop, me] = await Promise.all([data.getWorkshop(id), data.getParticipant(claims.participantId)]);
    if (!workshop) throw new HttpError(404, 'workshop not found');
    return { id, title: workshop.title, createdAt: workshop.createdAt, role: claims.role, participantId: claims.participantId, name: me?.name ?? null };
  });
}
