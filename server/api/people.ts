import type { FastifyInstance } from 'fastify';
import { isRole } from '@shared/roles';
import { controlRoom } from '@shared/rooms';
import { dropParticipant } from '@shared/schema/control';
import { serverOrigin } from '@shared/schema/origins';
import type { ServerDeps } from '../deps';
import { requireFacilitator } from './auth';
import { HttpError } from './errors';
import { requireId } from './validation';

/** DELETE /api/workshops/:id/participants/:participantId and POST …/links/:role/rotate, for facilitators. */
export function registerPeopleRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { data, access, config, log } = deps;

  app.delete<{ Params: { id: string; participantId: string } }>('/api/workshops/:id/participants/:participantId', async (req, reply) => {
    const id = requireId(req.params.id);
    const claims = await requireFacilitator(req, deps, id, 'remove people');
    const targetId = requireId(req.params.participantId, 'participant');
    const target = await data.getParticipant(targetId);
    if (!target || target.workshopId !== id) throw new HttpError(404, 'participant not found');
    if (!access.isRemoved(targetId)) {
      if (target.role === 'facilitator') {
        const facilitators = (await data.listParticipants(id)).filter((p) => p.role === 'facilitator' && !access.isRemoved(p.id));
        if (facilitators.length <= 1) throw new HttpError(409, 'the last facilitator cannot be removed; let someone else join as facilitator first');
      }
      await access.remove(id, targetId, claims.participantId);
      log.info({ workshop: id, participant: targetId, by: claims.participantId }, 'participant removed');
    }
    // Also on a repeated call: the people list may still show them if an earlier attempt could not store it.
    await deps.writes.transact(controlRoom(id), (doc) => dropParticipant(doc, targetId, serverOrigin('remove')), 'remove');
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string; role: string } }>('/api/workshops/:id/links/:role/rotate', async (req) => {
    const id = requireId(req.params.id);
    const claims = await requireFacilitator(req, deps, id, 'renew links');
    const role = req.params.role;
    if (!isRole(role)) throw new HttpError(404, 'no such link; use facilitator, participant or viewer');
    const key = await access.rotate(id, role);
    log.info({ workshop: id, role, by: claims.participantId }, 'link rotated');
    return { key, link: `${config.publicUrl}/w/${id}#key=${key}` };
  });
}
