import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { boardRoom } from '@shared/rooms';
import { sendOwnAwarenessOnly } from '../../client/session/awarenessFilter';
import { LocalPresence } from '../../client/session/localPresence';
import { openWorkshop } from '../lib/api';
import { openProvider } from '../lib/probes';
import { readMetric, startOurs } from '../lib/servers';
import { sleep, waitFor } from '../lib/stats';

export type ClientBuild = 'ours' | 'stock';

export interface RealClientsResult {
  client: ClientBuild;
  clients: number;
  seconds: number;
  cursorChangesPerSecond: number;
  serverMessagesInPerSecond: number;
  messagesPerChange: number;
}

const CURSOR_HZ = 10;

/**
 * Real browser-side session code in Node: a WebsocketProvider, our own-awareness-only filter
 * (or the stock provider, for contrast) and our LocalPresence publishing a moving cursor.
 */
export async function runRealClients(client: ClientBuild, clients: number, windowMs: number): Promise<RealClientsResult> {
  const target = await startOurs();
  try {
    const w = await openWorkshop(target, clients);
    const people = w.seats.map((seat, i) => {
      const doc = new Y.Doc();
      const provider: WebsocketProvider = openProvider(target, boardRoom(w.id), seat.token, doc);
      if (client === 'ours') sendOwnAwarenessOnly(provider as never);
      const presence = new LocalPresence(provider.awareness, { id: seat.participantId, name: `Person ${i + 1}`, color: '#2563eb', role: 'participant' });
      let changes = 0;
      provider.awareness.on('update', (_: unknown, origin: unknown) => origin === 'local' && changes++);
      return { doc, provider, presence, changes: () => changes };
    });
    if (!(await waitFor(() => people.every((p) => p.provider.synced), 60_000))) throw new Error('real clients did not sync');
    await sleep(1000);

    const changesBefore = people.reduce((n, p) => n + p.changes(), 0);
    const inBefore = await readMetric(target, 'fourpaths_messages_in_total');
    const started = performance.now();
    const timers = people.map((p) => {
      let x = Math.random() * 2 - 1;
      let y = Math.random() * 2 - 1;
      return setInterval(() => {
        x = Math.max(-1, Math.min(1, x + (Math.random() - 0.5) * 0.1));
        y = Math.max(-1, Math.min(1, y + (Math.random() - 0.5) * 0.1));
        p.presence.setCursor({ x, y });
      }, 1000 / CURSOR_HZ);
    });
    await sleep(windowMs);
    for (const t of timers) clearInterval(t);
    // Let the last throttled cursor and anything in flight arrive.
    await sleep(300);
    const seconds = (performance.now() - started) / 1000;
    const changes = people.reduce((n, p) => n + p.changes(), 0) - changesBefore;
    const messagesIn = (await readMetric(target, 'fourpaths_messages_in_total')) - inBefore;

    for (const p of people) {
      p.presence.destroy();
      p.provider.destroy();
      p.doc.destroy();
    }
    return {
      client,
      clients,
      seconds,
      cursorChangesPerSecond: changes / seconds,
      serverMessagesInPerSecond: messagesIn / seconds,
      messagesPerChange: messagesIn / changes,
    };
  } finally {
    await target.stop();
  }
}
