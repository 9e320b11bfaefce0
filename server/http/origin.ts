import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a browser page of this origin may call the server: PUBLIC_URL's origin, one listed
 * in ALLOWED_ORIGINS, or (when PUBLIC_URL is not set) the default address under its loopback
 * names. No Origin header (a non-browser client) is for the token check to judge.
 */
export function isOriginAllowed(origin: string | undefined, config: Config): boolean {
  if (origin === undefined) return true;
  const own = new URL(config.publicUrl);
  if (origin === own.origin || config.allowedOrigins.includes(origin)) return true;
  if (config.PUBLIC_URL !== undefined || !LOOPBACK.has(own.hostname)) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === own.protocol && url.port === own.port && LOOPBACK.has(url.hostname) && url.origin === origin;
}

export const FOREIGN_ORIGIN = 'requests from this origin are not allowed; set PUBLIC_URL or ALLOWED_ORIGINS to include it';

/** Refuses API calls made by pages of a foreign origin with 403, before any route runs. */
export function registerOriginCheck(app: FastifyInstance, config: Config): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const origin = req.headers.origin;
    if (!isOriginAllowed(typeof origin === 'string' ? origin : undefined, config)) {
      return reply.code(403).send({ error: FOREIGN_ORIGIN });
    }
  });
}
