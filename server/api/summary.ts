import type { FastifyInstance } from 'fastify';
import { boardRoom, controlRoom } from '@shared/rooms';
import { readBoard } from '@shared/schema/board';
import { readParticipants, readSession, type Participant } from '@shared/schema/control';
import { readWording } from '@shared/schema/wording';
import { computeSummary, type SummaryInput } from '@shared/summary/compute';
import { LANGUAGES, type Language } from '@shared/i18n/catalogs';
import { isLanguage, languageFromHeader } from '@shared/i18n/summaryI18n';
import { isTimeZone, summaryFileName } from '@shared/summary/format';
import { CONTENT_TYPES, SUMMARY_FORMATS, isSummaryFormat, renderText } from '@shared/summary/formats';
import type { Claims } from '../auth/claims';
import type { ServerDeps } from '../deps';
import { renderPdf } from '../summary/pdf';
import { requireClaims } from './auth';
import { HttpError } from './errors';
import { requireId } from './validation';

// GET /api/workshops/:id/summary.{json,md,csv,svg,pdf}[?lang=en|de|fr|es] — any role; token in the header or ?token=.

interface SummaryRoute {
  Params: { id: string; format: string };
  Querystring: { token?: unknown; tz?: unknown; lang?: unknown };
}

export function registerSummaryRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const countExport = deps.metrics.counter('four_paths_summary_exports_total', 'Summary downloads by format');
  const votesCastQuery = deps.store.db.prepare<[string], { participant_id: string; note_id: string; count: number }>(
    'SELECT participant_id, note_id, count FROM votes WHERE workshop_id = ? AND count > 0',
  );

  /** Everything the summary needs, read in one synchronous turn so board, control doc and votes agree. */
  function snapshot(workshopId: string, claims: Claims, timeZone: string | undefined, language: Language): SummaryInput {
    const workshop = deps.store.getWorkshop(workshopId);
    if (!workshop) throw new HttpError(404, 'workshop not found');
    const board = deps.docs.readDoc(boardRoom(workshopId), readBoard);
    const control = deps.docs.readDoc(controlRoom(workshopId), (doc) => ({
      participants: readParticipants(doc),
      session: readSession(doc),
      wording: readWording(doc),
    }));
    const noteIds = new Set(board.notes.map((n) => n.id));
    const votesCast = new Map<string, number>();
    // Totals from the votes table: the control room holds none while a vote runs with totals hidden.
    const votes = new Map<string, number>();
    for (const row of votesCastQuery.all(workshopId)) {
      if (!noteIds.has(row.note_id)) continue;
      votesCast.set(row.participant_id, (votesCast.get(row.participant_id) ?? 0) + row.count);
      votes.set(row.note_id, (votes.get(row.note_id) ?? 0) + row.count);
    }
    // The store is the record of who joined; the control doc may hold someone the store does not (restored rooms).
    const participants = new Map<string, Participant>(control.participants.map((p) => [p.id, p]));
    for (const p of deps.store.listParticipants(workshopId)) participants.set(p.id, { id: p.id, name: p.name, role: p.role, joinedAt: p.joinedAt });
    const { phase, voting } = control.session;
    return {
      workshop: { id: workshop.id, title: workshop.title, createdAt: workshop.createdAt },
      board,
      participants: [...participants.values()],
      votes,
      votesCast,
      votesHidden: phase === 'vote' && !voting.totalsVisible && claims.role !== 'facilitator',
      generatedAt: Date.now(),
      timeZone,
      wording: control.wording,
      language,
    };
  }

  app.get<SummaryRoute>('/api/workshops/:id/summary.:format', { config: { rateLimit: { max: 120, timeWindow: 60_000 } } }, async (req, reply) => {
    const { format } = req.params;
    if (!isSummaryFormat(format)) {
      return reply.code(404).send({ error: `unknown summary format "${format.slice(0, 20)}"; use one of: ${SUMMARY_FORMATS.join(', ')}`, formats: SUMMARY_FORMATS });
    }
    const id = requireId(req.params.id);
    if (!deps.store.getWorkshop(id)) throw new HttpError(404, 'workshop not found');
    const claims = await requireClaims(req, deps, id, { allowQueryToken: true });
    const tz: unknown = req.query.tz;
    if (tz !== undefined && (typeof tz !== 'string' || !isTimeZone(tz))) {
      throw new HttpError(400, `unknown time zone "${String(tz).slice(0, 60)}"; use an IANA name such as Europe/Paris`);
    }

    const lang: unknown = req.query.lang;
    if (lang !== undefined && !isLanguage(lang)) {
      throw new HttpError(400, `unknown language "${String(lang).slice(0, 20)}"; use one of: ${LANGUAGES.join(', ')}`);
    }
    // ?lang= first, then the browser's Accept-Language, then English.
    const language = lang ?? languageFromHeader(req.headers['accept-language']) ?? 'en';
    const summary = computeSummary(snapshot(id, claims, tz, language));
    const body = format === 'pdf' ? await renderPdf(summary) : renderText(summary, format);
    countExport({ format });
    return reply
      .header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${summaryFileName(summary, format)}"`)
      .header('cache-control', 'no-store')
      .header('content-language', language)
      .header('vary', 'Accept-Language')
      .send(body);
  });
}
