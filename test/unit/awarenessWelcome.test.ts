import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { AwarenessHub } from '../../server/rooms/awareness';
import { MemoryClientIdBindings } from '../../server/rooms/clientIdBindings';
import { encodeAwareness } from '../../server/rooms/protocol';
import type { Connection } from '../../server/rooms/connection';
import { awarenessMessages } from '../helpers/awarenessWire';

/** Stands in for a socket: the hub only sends to it and reads who it is. */
function person(participantId: string) {
  const received: Uint8Array[] = [];
  const conn = {
    clientIds: new Set<number>(),
    claims: { participantId, workshopId: 'w', role: 'participant' },
    person: { id: participantId, name: participantId, role: 'participant' },
    queuedBytes: 0,
    send: (m: Uint8Array) => received.push(m),
  } as unknown as Connection;
  return { conn, received };
}

/** The client ids each awareness message lists. */
const idsIn = (received: Uint8Array[]) => awarenessMessages({ received }).map((states) => states.map((s) => s.clientId));

const stateOf = (clientId: number, x: number) => {
  const full = encodeAwareness([{ clientId, clock: 1, state: new TextEncoder().encode(JSON.stringify({ cursor: { x, y: 0 } })) }]);
  const d = decoding.createDecoder(full);
  decoding.readVarUint(d);
  return decoding.readVarUint8Array(d);
};

function room() {
  const conns = new Set<Connection>();
  const hub = new AwarenessHub({
    timing: { flushMs: 50, keepaliveMs: 60_000 },
    maxStateBytes: 4096,
    recipients: () => conns,
    onSent: () => {},
    bindings: new MemoryClientIdBindings(),
    identify: (c) => c.person,
  });
  const flushed = () => new Promise((r) => setImmediate(r));
  return { conns, hub, flushed };
}

describe('a newcomer to a room with changes not yet sent', () => {
  it('hears each state once: the snapshot holds it, the flush that follows is not sent to them again', async () => {
    const { conns, hub, flushed } = room();
    const ana = person('ana');
    const cal = person('cal');
    conns.add(ana.conn);
    hub.receive(ana.conn, stateOf(7100, 0.1), 4000);
    // Cal's socket is admitted in the same turn, before the flush goes out.
    conns.add(cal.conn);
    hub.welcome(cal.conn);
    await flushed();
    expect(idsIn(cal.received)).toEqual([[7100]]);
    expect(idsIn(ana.received)).toEqual([[7100]]);
    hub.dispose();
  });

  it('is sent the flush when something changed after their snapshot', async () => {
    const { conns, hub, flushed } = room();
    const ana = person('ana');
    const ben = person('ben');
    const cal = person('cal');
    conns.add(ana.conn).add(ben.conn);
    hub.receive(ana.conn, stateOf(7100, 0.1), 4000);
    conns.add(cal.conn);
    hub.welcome(cal.conn);
    hub.receive(ben.conn, stateOf(7200, 0.5), 4000);
    await flushed();
    expect(idsIn(cal.received)).toEqual([[7100], [7100, 7200]]);
    hub.dispose();
  });
});
