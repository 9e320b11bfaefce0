import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { controlRoom } from '@shared/rooms';
import { setDone } from '@shared/schema/control';
import { serverOrigin } from '@shared/schema/origins';
import type { ServerDeps } from '../deps';
import { RateLimiter } from '../http/rateLimiter';
import { requireClaims } from './auth';
import { HttpError } from './errors';
import { parseBody, requireId } from './validation';

const DoneBody = z.object({ done: z.boolean({ error: 'done must be true or false' }) }).strict();

/** GET /api/time (the server's clock, for timers) and POST /api/workshops/:id/done (the "I'm done" signal). */
export function registerSessionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const doneCalls = new RateLimiter(deps.config.RATE_DONE_PER_MINUTE, 'too many requests to /done');
  app.addHook('onClose', async () => doneCalls.close());
  app.get('/api/time', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { now: Date.now() };
  });

  app.post<{ Params: { id: string } }>('/api/workshops/:id/done', async (req) => {
    const id = requireId(req.params.id);
    const claims = await requireClaims(req, deps, id);
    doneCalls.take(claims.participantId);
    const { done } = parseBody(DoneBody, req.body);
    if (claims.role === 'viewer') throw new HttpError(403, 'viewers have nothing to finish');
    await deps.writes.transact(controlRoom(id), (doc) => setDone(doc, claims.participantId, done, serverOrigin('done')), 'done');
    return { done };
  });
}
