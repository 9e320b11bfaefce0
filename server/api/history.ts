import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps';
import { BoardHistory } from '../history/boardHistory';
import type { RoomManager } from '../rooms/roomManager';
import { requireClaims } from './auth';
import { HttpError } from './errors';
import { requireId } from './validation';

/** GET /api/workshops/:id/history and POST …/history/:snapshotId/restore, for facilitators. */
export function registerHistoryRoutes(app: FastifyInstance, deps: ServerDeps, rooms: RoomManager): BoardHistory {
  const history = new BoardHistory(deps, rooms);
  app.addHook('onClose', async () => history.close());

  const facilitator = async (req: Parameters<typeof requireClaims>[0], id: string) => {
    const claims = await requireClaims(req, deps, id);
    if (claims.role !== 'facilitator') {
      deps.log.warn({ workshop: id, participant: claims.participantId, role: claims.role }, 'history access refused');
      throw new HttpError(403, 'only facilitators can see and restore the board history');
    }
    return claims;
  };

  app.get<{ Params: { id: string } }>('/api/workshops/:id/history', async (req) => {
    const id = requireId(req.params.id);
    await facilitator(req, id);
    return { snapshots: await history.list(id) };
  });

  app.post<{ Params: { id: string; snapshotId: string } }>('/api/workshops/:id/history/:snapshotId/restore', async (req) => {
    const id = requireId(req.params.id);
    const claims = await facilitator(req, id);
    const snapshotId = /^[1-9][0-9]{0,15}$/.test(req.params.snapshotId) ? Number(req.params.snapshotId) : NaN;
    const result = Number.isSafeInteger(snapshotId) ? await history.restore(id, snapshotId, claims.participantId) : null;
    if (!result) throw new HttpError(404, 'snapshot not found');
    return result;
  });

  return history;
}
