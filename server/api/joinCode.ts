import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES, type Role } from '@shared/roles';
import { hashJoinCode, normalizeJoinCode } from '../auth/joinCode';
import type { ServerDeps } from '../deps';
import { currentJoinCode, invitesFor, rememberInviteKey, rotateJoinCode } from '../invites/invites';
import { admitParticipant } from './admitParticipant';
import { requireClaims } from './auth';
import { HttpError } from './errors';
import { JoinBody, parseBody, requireId } from './validation';

const JoinCodeBody = z.object({ code: z.string().max(40, 'code must be at most 40 characters'), name: JoinBody.shape.name }).strict();

const WINDOW_MS = 60_000;
// Addresses tracked at once; beyond it the oldest entry goes, so a spray of addresses cannot grow memory.
const MAX_TRACKED = 10_000;

/**
 * Wrong guesses per address and minute. Only misses count: a room of phones behind one venue
 * address all joining at once must not lock itself out, while guessing 40 bits stays hopeless.
 */
function createMissCounter(limit: number) {
  const misses = new Map<string, { count: number; resetAt: number }>();
  const entry = (address: string, now: number) => {
    const e = misses.get(address);
    if (e && e.resetAt > now) return e;
    if (e) misses.delete(address);
    return null;
  };
  return {
    /** Seconds to wait, or 0 when this address may guess. */
    retryAfter(address: string, now = Date.now()): number {
      const e = entry(address, now);
      return e && e.count >= limit ? Math.ceil((e.resetAt - now) / 1000) : 0;
    },
    miss(address: string, now = Date.now()): void {
      const e = entry(address, now);
      if (e) {
        e.count += 1;
        return;
      }
      if (misses.size >= MAX_TRACKED) misses.delete(misses.keys().next().value!);
      misses.set(address, { count: 1, resetAt: now + WINDOW_MS });
    },
  };
}

export function registerJoinCodeRoutes(app: FastifyInstance, deps: ServerDeps): void {
  // A new link makes the panel show it, and a new participant link retires the code that stood for the old one.
  const unsubscribe = deps.access.onLinkRotated(async (workshopId, role, key) => {
    await rememberInviteKey(deps, workshopId, role, key);
    if (role === 'participant') await rotateJoinCode(deps, workshopId);
  });
  app.addHook('onClose', async () => unsubscribe());
  const misses = createMissCounter(deps.config.RATE_CODE_PER_MINUTE);

  app.post('/api/join-code', { config: { rateLimit: { max: deps.config.RATE_JOIN_PER_MINUTE, timeWindow: 60_000 } } }, async (req) => {
    const wait = misses.retryAfter(req.ip);
    if (wait > 0) throw new HttpError(429, `too many wrong codes; retry in ${wait} s`, { 'Retry-After': String(wait) });
    const body = parseBody(JoinCodeBody, req.body);
    const code = normalizeJoinCode(body.code);
    const workshopId = code ? await invitesFor(deps).workshopForCodeHash(hashJoinCode(code)) : null;
    if (!workshopId || !(await deps.data.getWorkshop(workshopId))) {
      misses.miss(req.ip);
      throw new HttpError(404, code ? 'no workshop has this code; check it with the facilitator' : 'a code has 8 letters and digits, like 7K2M-9QXD');
    }
    return admitParticipant(deps, workshopId, 'participant', body.name);
  });

  app.get<{ Params: { id: string } }>('/api/workshops/:id/invite', async (req) => {
    const id = requireId(req.params.id);
    const claims = await requireClaims(req, deps, id);
    if (claims.role !== 'facilitator') throw new HttpError(403, 'only facilitators see the invite links');
    const keys = await invitesFor(deps).keys(id);
    const links = keys ? (Object.fromEntries(ROLES.map((r) => [r, `${deps.config.publicUrl}/w/${id}#key=${keys[r]}`])) as Record<Role, string>) : null;
    return { links, code: await currentJoinCode(deps, id), joinUrl: `${deps.config.publicUrl}/j` };
  });
}
