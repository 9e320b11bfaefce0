import type { Logger } from '../log';
import { LocalBus } from './localBus';
import { RedisBus, redactUrl } from './redisBus';
import type { Bus } from './types';

/** The bus for this instance: Redis when REDIS_URL is set (ready, or a clear error at start), else a local one. */
export async function openBus(redisUrl: string | undefined, log: Logger, startTimeoutMs = 10_000): Promise<Bus> {
  if (!redisUrl) {
    log.info('bus: local, this instance runs alone (no REDIS_URL)');
    return new LocalBus();
  }
  const bus = new RedisBus(redisUrl, log);
  try {
    await bus.whenReady(startTimeoutMs);
  } catch (err) {
    await bus.close();
    throw err;
  }
  log.info({ redis: redactUrl(redisUrl), instanceId: bus.instanceId }, 'bus: connected to Redis');
  return bus;
}
