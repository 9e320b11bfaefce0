import type { Bus } from '../bus/types';
import type { Access } from './access';

const CHANNEL = 'fourpaths:access';

/**
 * Removals reach every instance at once: each one made here is told to the others over the bus
 * (it is stored first, so an instance that missed the message finds it in the store after a reconnect).
 */
export async function linkAccess(access: Access, bus: Bus): Promise<() => void> {
  if (bus.kind === 'local') return () => {};
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const unsubscribe = await bus.subscribe(CHANNEL, (payload) => {
    try {
      const m = JSON.parse(decoder.decode(payload)) as { from?: unknown; workshopId?: unknown; participantId?: unknown };
      if (m.from === bus.instanceId || typeof m.workshopId !== 'string' || typeof m.participantId !== 'string') return;
      access.learnRemoved(m.workshopId, m.participantId);
    } catch {
      // A message that does not parse is not a removal.
    }
  });
  const stopRemoved = access.onRemoved((workshopId, participantId, here) => {
    if (here) bus.publish(CHANNEL, encoder.encode(JSON.stringify({ from: bus.instanceId, workshopId, participantId })));
  });
  const stopReconnect = bus.onReconnect(() => void access.refresh().catch(() => {}));
  return () => {
    unsubscribe();
    stopRemoved();
    stopReconnect();
  };
}
