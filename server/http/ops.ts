import type { FastifyInstance } from 'fastify';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerDeps } from '../deps';

/** Event-loop delay is reported over this window, so a past stall does not hide today's health. */
const LAG_WINDOW_MS = 10_000;

export function registerOpsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let last = { p99: 0, max: 0 };
  const rotate = setInterval(() => {
    last = { p99: lag.percentile(99) / 1e9, max: lag.max / 1e9 };
    lag.reset();
  }, LAG_WINDOW_MS);
  rotate.unref();
  // Until the first window closes, report what has been seen so far.
  const current = () => (lag.count > 0 && last.max === 0 ? { p99: lag.percentile(99) / 1e9, max: lag.max / 1e9 } : last);
  deps.metrics.gauge('fourpaths_event_loop_lag_p99_seconds', 'Event-loop delay, 99th percentile over the last 10 s', () => current().p99);
  deps.metrics.gauge('fourpaths_event_loop_lag_max_seconds', 'Event-loop delay, maximum over the last 10 s', () => current().max);
  deps.metrics.gauge('fourpaths_resident_memory_bytes', 'Resident set size', () => process.memoryUsage.rss());
  deps.metrics.gauge('fourpaths_heap_used_bytes', 'V8 heap in use', () => process.memoryUsage().heapUsed);
  app.addHook('onClose', async () => {
    clearInterval(rotate);
    lag.disable();
  });

  app.get('/healthz', async (_req, reply) => {
    const store = await deps.storeHealth.check(deps.data);
    const bus = deps.bus.health();
    reply.header('cache-control', 'no-store');
    // A bus that is down only delays what other instances see (gaps are repaired from the store), so it is reported, not fatal.
    const body = { ...store, store: { ok: store.ok, engine: deps.data.engine }, bus };
    return store.ok ? body : reply.code(503).send(body);
  });
  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()));
}
