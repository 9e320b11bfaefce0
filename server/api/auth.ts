import type { FastifyRequest } from 'fastify';
import type { Claims } from '../auth/claims';
import type { ServerDeps } from '../deps';
import { REMOVED } from '../auth/access';
import { HttpError } from './errors';

/** The caller's claims for this workshop, from `Authorization: Bearer` (or `?token=` where allowed). */
export async function requireClaims(
  req: FastifyRequest,
  deps: ServerDeps,
  workshopId: string,
  opts: { allowQueryToken?: boolean } = {},
): Promise<Claims> {
  const header = req.headers.authorization;
  let token: string | undefined;
  if (typeof header === 'string' && header.startsWith('Bearer ')) token = header.slice(7).trim();
  if (!token && opts.allowQueryToken) {
    const q = (req.query as Record<string, unknown> | undefined)?.token;
    if (typeof q === 'string') token = q;
  }
  if (!token) throw new HttpError(401, 'a session token is required (Authorization: Bearer <token>)');
  const claims = await deps.tokens.verify(token);
  if (!claims) throw new HttpError(401, 'the session token is invalid or expired');
  if (claims.workshopId !== workshopId) throw new HttpError(403, 'this token belongs to another workshop');
  if (deps.access.isRemoved(claims.participantId)) throw new HttpError(403, REMOVED);
  if (!(await deps.data.getWorkshop(workshopId))) throw new HttpError(404, 'workshop not found');
  return claims;
}

/** The caller's claims, which must be a facilitator's. */
export async function requireFacilitator(req: FastifyRequest, deps: ServerDeps, workshopId: string, what: string): Promise<Claims> {
  const claims = await requireClaims(req, deps, workshopId);
  if (claims.role !== 'facilitator') throw new HttpError(403, `only facilitators can ${what}`);
  return claims;
}
