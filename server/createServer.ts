import Fastify, { LogController, type FastifyBaseLogger, type FastifyError } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './config';
import { createLogger, type Logger } from './log';
import { openStore } from './store/openStore';
import { openBus } from './bus/openBus';
import { createTokenService, loadSecret } from './auth/tokens';
import { Metrics } from './metrics';
import { RoomManager } from './rooms/roomManager';
import { attachSyncServer } from './rooms/wsServer';
import type { ServerDeps } from './deps';
import { HttpError } from './api/errors';
import { registerWorkshopRoutes } from './api/workshops';
import { registerJoinCodeRoutes } from './api/joinCode';
import { registerVoteRoutes } from './api/votes';
import { registerSessionRoutes } from './api/session';
import { startFacilitation } from './facilitation/facilitation';
import { registerHistoryRoutes } from './api/history';
import { registerSummaryRoutes } from './api/summary';
import { registerSeriesRoutes } from './api/series';
import { registerStaticFiles } from './http/staticFiles';
import { registerSecurityHeaders } from './http/securityHeaders';
import { registerOpsRoutes } from './http/ops';
import { collectRouteMethods } from './http/routeMethods';
import { registerOriginCheck } from './http/origin';
import { Access } from './auth/access';
import { StoreHealth, isStoreUnavailable } from './store/storeHealth';
import { STORE_UNAVAILABLE, StoredWrites } from './api/storedWrite';
import { registerPeopleRoutes } from './api/people';
import { linkAccess } from './auth/accessLink';
import { registerBusMetrics } from './bus/busMetrics';
import { registerConfigRoutes } from './api/config';
import { PdfRenderer } from './summary/pdfRenderer';

export interface RunningServer {
  url: string;
  deps: ServerDeps;
  rooms: RoomManager;
  close(): Promise<void>;
}

export interface ServerOptions {
  config?: Config;
  logger?: Logger;
}

/** Builds the whole server (store, rooms, HTTP and WebSocket) and listens; tests pass PORT 0. */
export async function createServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const config = opts.config ?? loadConfig();
  const log = opts.logger ?? createLogger(config.LOG_LEVEL);
  const storeHealth = new StoreHealth(config.HEALTH_PROBE_INTERVAL_MS);
  const data = storeHealth.watchAsync(await openStore(config));
  let bus: Awaited<ReturnType<typeof openBus>>;
  try {
    bus = await openBus(config.REDIS_URL, log);
  } catch (err) {
    await data.close();
    throw err;
  }
  const tokens = createTokenService(loadSecret(config.dataDir, config.SESSION_SECRET));
  const metrics = new Metrics();
  const rooms = new RoomManager(data, bus, config, log, metrics);
  const access = await Access.open(data);
  const stopAccessLink = await linkAccess(access, bus);
  const writes = new StoredWrites(rooms, storeHealth, (fn) => rooms.pipeline.afterDurable(fn));
  const pdf = new PdfRenderer({ maxWaiting: config.MAX_PDF_QUEUE, warmUp: config.PDF_WARM_UP === 1, log: log.child({ component: 'pdf' }) });
  const deps: ServerDeps = { config, log, data, bus, tokens, docs: rooms, metrics, access, storeHealth, writes, pdf };
  metrics.gauge('fourpaths_pdf_worker_warm', '1 once the PDF worker has finished its warm-up renders (PDF_WARM_UP=1), else 0', () => (pdf.warmedUp ? 1 : 0));
  registerBusMetrics(metrics, bus);

  const app = Fastify({
    loggerInstance: log.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.MAX_BODY_BYTES,
    trustProxy: false,
  });
  app.addHook('onResponse', async (req, reply) => {
    // Paths only: query strings can carry tokens.
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'info' : 'debug';
    log[level]({ method: req.method, path: req.url.split('?')[0], status: reply.statusCode }, 'request');
  });
  app.setErrorHandler((err: FastifyError | HttpError, _req, reply) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return reply.code(err.status).send({ error: err.message });
    }
    if (isStoreUnavailable(err)) {
      log.warn({ err }, 'store unavailable for a request');
      return reply.code(503).header('retry-after', '1').send({ error: STORE_UNAVAILABLE });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) log.error({ err }, 'request failed');
    const message =
      status === 413 ? `request body is larger than ${config.MAX_BODY_BYTES} bytes` : status >= 500 ? 'internal error' : err.message;
    return reply.code(status).send({ error: message });
  });
  registerSecurityHeaders(app);
  registerOriginCheck(app, config);
  collectRouteMethods(app);
  await app.register(rateLimit, {
    global: false,
    // Thrown to the error handler above, which answers { error } (a plain object would lose its message).
    errorResponseBuilder: (_req, ctx) => new HttpError(429, `too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s`),
  });
  registerOpsRoutes(app, deps);
  registerConfigRoutes(app, deps);
  registerWorkshopRoutes(app, deps);
  registerJoinCodeRoutes(app, deps);
  const facilitation = startFacilitation(deps, rooms);
  registerVoteRoutes(app, deps, facilitation);
  registerSessionRoutes(app, deps);
  registerPeopleRoutes(app, deps);
  registerHistoryRoutes(app, deps, rooms);
  registerSummaryRoutes(app, deps);
  registerSeriesRoutes(app, deps);
  await registerStaticFiles(app, deps);

  const sync = attachSyncServer(app.server, deps, rooms);
  await app.listen({ port: config.PORT, host: config.HOST });
  const addr = app.server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  log.info({ url, dataDir: config.dataDir }, 'four paths server listening');
  // Warmed up now, while nobody waits for a PDF, rather than by the first download.
  if (config.PDF_WARM_UP === 1) pdf.startWorker();

  let closing: Promise<void> | null = null;
  return {
    url,
    deps,
    rooms,
    close() {
      closing ??= (async () => {
        sync.close();
        await app.close();
        await pdf.close();
        facilitation.close();
        await rooms.closeAll();
        stopAccessLink();
        await bus.close();
        await data.close();
        log.info('server stopped');
      })();
      return closing;
    },
  };
}
