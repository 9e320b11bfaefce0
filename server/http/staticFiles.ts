import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ServerDeps } from '../deps';
import { methodsAllowedAt } from './routeMethods';

/** Serves the built client, with the SPA's index.html for /w/<id> and other app paths. */
export async function registerStaticFiles(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const root = resolve(deps.config.STATIC_DIR);
  const hasClient = existsSync(resolve(root, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, { root, index: ['index.html'], wildcard: false, maxAge: '1h', immutable: false });
  } else {
    deps.log.warn({ root }, 'no built client found; run `npm run build` (npm start does it)');
  }
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if ((req.method === 'GET' || req.method === 'HEAD') && hasClient && !path.startsWith('/api/') && !path.includes('..') && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const allowed = methodsAllowedAt(app, path);
    if (allowed.length > 0) return reply.code(405).header('allow', allowed.join(', ')).send({ error: `${req.method} is not allowed here; use ${allowed.join(' or ')}` });
    return reply.code(404).send({ error: `no route for ${req.method} ${path}` });
  });
}
