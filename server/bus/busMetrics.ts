import type { Metrics } from '../metrics';
import type { Bus } from './types';

/** The bus's counts on /metrics, read when scraped. */
export function registerBusMetrics(metrics: Metrics, bus: Bus): void {
  metrics.gauge('fourpaths_bus_messages_published', 'Messages this instance published to the other instances', () => bus.stats().published);
  metrics.gauge('fourpaths_bus_messages_received', 'Messages this instance received from the other instances', () => bus.stats().received);
  metrics.gauge('fourpaths_bus_messages_dropped', 'Messages not published because the bus was unreachable (peers repair from the store)', () => bus.stats().dropped);
  metrics.gauge('fourpaths_bus_reconnects', 'Times the bus connection came back', () => bus.stats().reconnects);
  metrics.gauge('fourpaths_bus_up', '1 while the bus is reachable (always 1 for an instance running alone)', () => (bus.health().ok ? 1 : 0));
}
