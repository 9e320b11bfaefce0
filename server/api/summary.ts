import type { FastifyInstance } from 'fastify';
import { computeSummary } from '@shared/summary/compute';
import { LANGUAGES } from '@shared/i18n/catalogs';
import { isLanguage, languageFromHeader } from '@shared/i18n/summaryI18n';
import { isTimeZone, summaryFileName } from '@shared/summary/format';
import { CONTENT_TYPES, SUMMARY_FORMATS, isSummaryFormat, renderText } from '@shared/summary/formats';
import type { ServerDeps } from '../deps';
import { summarySnapshot } from '../summary/snapshot';
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
  const snapshot = summarySnapshot(deps);

  app.get<SummaryRoute>('/api/workshops/:id/summary.:format', { config: { rateLimit: { max: 120, timeWindow: 60_000 } } }, async (req, reply) => {
    const { format } = req.params;
    if (!isSummaryFormat(format)) {
      return reply.code(404).send({ error: `unknown summary format "${format.slice(0, 20)}"; use one of: ${SUMMARY_FORMATS.join(', ')}`, formats: SUMMARY_FORMATS });
    }
    const id = requireId(req.params.id);
    if (!(await deps.data.getWorkshop(id))) throw new HttpError(404, 'workshop not found');
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
    const input = await snapshot(id, claims.role, tz, language);
    // The PDF's summary is computed on the PDF worker along with the file; the text formats are quick enough here.
    let body: string | Buffer;
    let fileName: string;
    if (format === 'pdf') ({ pdf: body, fileName } = await deps.pdf.render(input));
    else {
      const summary = computeSummary(input);
      body = renderText(summary, format);
      fileName = summaryFileName(summary, format);
    }
    countExport({ format });
    return reply
      .header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .header('content-language', language)
      .header('vary', 'Accept-Language')
      .send(body);
  });
}
