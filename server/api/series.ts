import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parkingSlot } from '@shared/matrix';
import { boardRoom, controlRoom, draftsRoom } from '@shared/rooms';
import { createNotes, readBoard } from '@shared/schema/board';
import { readSession, setParticipant, updateSession } from '@shared/schema/control';
import { timerOf } from '@shared/schema/timer';
import { serverOrigin } from '@shared/schema/origins';
import { readWording, setWording } from '@shared/schema/wording';
import { computeSummary } from '@shared/summary/compute';
import { computeSeriesSummary } from '@shared/summary/series';
import { renderSeriesCsv, renderSeriesMarkdown } from '@shared/summary/seriesText';
import { newId } from '../auth/keys';
import type { ServerDeps } from '../deps';
import { MAX_SERIES_WORKSHOPS } from '../store/seriesStore';
import { renderSeriesPdf } from '../summary/seriesPdf';
import { summarySnapshot } from '../summary/snapshot';
import { requireClaims } from './auth';
import { openWorkshop } from './newWorkshop';
import { HttpError } from './errors';
import { CreateWorkshopBody, parseBody, requireId } from './validation';

// "Run again with another group" and the comparison of a series:
// POST /api/workshops/:id/rerun { title?, copyNotes? } (facilitator) → a new workshop in the same series.
// GET /api/series/:id/summary.{md,csv,pdf} (a facilitator of any workshop in the series).

const RerunBody = z.object({ title: CreateWorkshopBody.shape.title.optional(), copyNotes: z.boolean().optional() }).strict();

const SERIES_FORMATS = {
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  pdf: 'application/pdf',
} as const;

function isSeriesFormat(value: string): value is keyof typeof SERIES_FORMATS {
  return Object.prototype.hasOwnProperty.call(SERIES_FORMATS, value);
}

export function registerSeriesRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { data, docs, config, log } = deps;
  const snapshot = summarySnapshot(deps);

  app.post<{ Params: { id: string } }>('/api/workshops/:id/rerun', { config: { rateLimit: { max: config.RATE_CREATE_PER_MINUTE, timeWindow: 60_000 } } }, async (req, reply) => {
    const sourceId = requireId(req.params.id);
    if (!(await data.getWorkshop(sourceId))) throw new HttpError(404, 'workshop not found');
    const claims = await requireClaims(req, deps, sourceId);
    if (claims.role !== 'facilitator') throw new HttpError(403, 'only facilitators can run a workshop again');
    const body = parseBody(RerunBody, req.body ?? {});
    const source = (await data.getWorkshop(sourceId))!;
    const seriesId = (await data.seriesOf(sourceId)) ?? newId();
    if ((await data.seriesMembers(seriesId)).length >= MAX_SERIES_WORKSHOPS) throw new HttpError(409, `a series holds at most ${MAX_SERIES_WORKSHOPS} workshops`);

    const created = await openWorkshop(deps, body.title ?? source.title);
    const now = Date.now();
    await data.joinSeries(seriesId, sourceId, source.createdAt);
    await data.joinSeries(seriesId, created.id, now);

    // The same wording and settings; a fresh session otherwise (collect, unlocked, timer stopped).
    const settings = await docs.readDoc(controlRoom(sourceId), (doc) => ({ session: readSession(doc), wording: readWording(doc) }));
    const name = (await data.getParticipant(claims.participantId))?.name ?? 'Facilitator';
    const facilitator = { id: newId(), workshopId: created.id, name, role: 'facilitator' as const, joinedAt: now };
    await data.addParticipant(facilitator);
    await docs.transact(
      controlRoom(created.id),
      (doc) => {
        const { voting, takeawaysOpen, timer } = settings.session;
        updateSession(doc, { voting, takeawaysOpen, ...(timer ? { timer: timerOf(timer.durationMs, timer.autoAdvance === true) } : {}) }, serverOrigin('rerun'));
        setWording(doc, settings.wording, serverOrigin('rerun'));
        setParticipant(doc, facilitator, serverOrigin('rerun'));
      },
      'rerun',
    );

    let copiedNotes = 0;
    if (body.copyNotes) {
      const notes = (await docs.readDoc(boardRoom(sourceId), readBoard)).notes.filter((n) => n.text.trim());
      // The facilitator's private drafts: revealed when the new group leaves Collect, placed afresh by that group.
      await docs.transact(
        draftsRoom(created.id, facilitator.id),
        (doc) => void createNotes(doc, notes.map((n, i) => ({ text: n.text, color: n.color, ...parkingSlot(i), authorId: facilitator.id })), serverOrigin('rerun')),
        'rerun',
      );
      copiedNotes = notes.length;
    }
    const token = await deps.tokens.sign({ workshopId: created.id, participantId: facilitator.id, role: 'facilitator' });
    log.info({ workshop: created.id, from: sourceId, series: seriesId, copiedNotes }, 'workshop run again');
    return reply.code(201).send({ ...created, seriesId, facilitator: { participantId: facilitator.id, name, token }, copiedNotes });
  });

  app.get<{ Params: { id: string; format: string } }>('/api/series/:id/summary.:format', { config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (req, reply) => {
    const { format } = req.params;
    if (!isSeriesFormat(format)) return reply.code(404).send({ error: `unknown series format "${format.slice(0, 20)}"; use one of: ${Object.keys(SERIES_FORMATS).join(', ')}` });
    const seriesId = requireId(req.params.id, 'series');
    const members = await data.seriesMembers(seriesId);
    if (members.length === 0) throw new HttpError(404, 'series not found');
    const claims = await seriesClaims(req, deps);
    if (!members.includes(claims.workshopId)) throw new HttpError(403, 'this token belongs to a workshop outside this series');
    if (claims.role !== 'facilitator') throw new HttpError(403, 'only facilitators of the series can compare its groups');
    const summaries: ReturnType<typeof computeSummary>[] = [];
    for (const id of members) summaries.push(computeSummary(await snapshot(id, 'facilitator', undefined, 'en')));
    const comparison = computeSeriesSummary(seriesId, summaries, Date.now());
    const body = format === 'pdf' ? await renderSeriesPdf(comparison) : format === 'md' ? renderSeriesMarkdown(comparison) : renderSeriesCsv(comparison);
    return reply
      .header('content-type', SERIES_FORMATS[format])
      .header('content-disposition', `attachment; filename="four-paths-series-${seriesId}.${format}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
}

/** Claims from a token of any workshop (the series check comes after). */
async function seriesClaims(req: FastifyRequest, deps: ServerDeps) {
  const header = req.headers.authorization;
  const query = (req.query as Record<string, unknown> | undefined)?.token;
  const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : typeof query === 'string' ? query : undefined;
  if (!token) throw new HttpError(401, 'a session token is required (Authorization: Bearer <token>)');
  const claims = await deps.tokens.verify(token);
  if (!claims) throw new HttpError(401, 'the session token is invalid or expired');
  return claims;
}
