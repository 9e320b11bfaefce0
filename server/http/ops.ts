import type { FastifyInstance } from 'fastify';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerDeps } from '../deps';

export function registerOpsRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  deps.metrics.gauge('fourpaths_event_loop_lag_p99_ms', 'Event-loop delay, 99th percentile since start (ms)', () => lag.percentile(99) / 1e6);
  deps.metrics.gauge('fourpaths_resident_memory_bytes', 'Resident set size', () => process.memoryUsage.rss());
  app.addHook('onClose', async () => lag.disable());

  app.get('/healthz', async () => {
    deps.store.getMeta('health');
    return { ok: true };
  });
  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4').send(deps.metrics.render()));
}
