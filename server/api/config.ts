import type { FastifyInstance } from 'fastify';
import { MAX_NAME, MAX_TITLE, type Limits } from '@shared/limits';
import type { ServerDeps } from '../deps';

/** GET /api/config: the limits the client must honour, read from the configuration once. */
export function registerConfigRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const limits: Limits = { maxText: deps.config.MAX_TEXT, maxNotes: deps.config.MAX_NOTES, maxName: MAX_NAME, maxTitle: MAX_TITLE };
  const body = { limits };
  app.get('/api/config', async (_req, reply) => {
    // A restart may change them: the browser asks again on each page load.
    reply.header('cache-control', 'no-cache');
    return body;
  });
}
