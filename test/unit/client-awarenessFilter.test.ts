import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { sendOwnAwarenessOnly } from '../../client/session/awarenessFilter';
import { awarenessStates } from '../helpers/awarenessWire';

class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  sent: Uint8Array[] = [];
  onclose: (() => void) | null = null;
  send(data: Uint8Array) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
}

/** A real provider that never connects, with a fake open socket we can read from. */
function providerWithSocket() {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider('ws://localhost:1', 'room', doc, {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
  });
  const socket = new FakeSocket();
  provider.ws = socket as unknown as WebSocket;
  return { doc, provider, socket };
}

/** The client ids listed in an awareness message (type 1) as sent on the wire; null for any other message. */
const clientIdsIn = (message: Uint8Array) => awarenessStates(message)?.map((s) => s.clientId) ?? null;

function remoteUpdate(name: string): Uint8Array {
  const other = new Awareness(new Y.Doc());
  other.setLocalState({ user: { id: name, name, color: '#2563eb', role: 'participant' }, cursor: { x: 0.1, y: 0.2 } });
  const update = encodeAwarenessUpdate(other, [other.clientID]);
  other.destroy();
  return update;
}

describe('sending only our own awareness', () => {
  it('does not send anything when a remote awareness update arrives', () => {
    const { provider, socket } = providerWithSocket();
    sendOwnAwarenessOnly(provider);
    applyAwarenessUpdate(provider.awareness, remoteUpdate('ana'), provider);
    applyAwarenessUpdate(provider.awareness, remoteUpdate('ben'), provider);
    expect(provider.awareness.getStates().size).toBe(3);
    expect(socket.sent).toHaveLength(0);
    provider.destroy();
  });

  it('the stock provider would have echoed that remote update back', () => {
    const { provider, socket } = providerWithSocket();
    provider.wsconnected = true;
    applyAwarenessUpdate(provider.awareness, remoteUpdate('ana'), provider);
    expect(socket.sent).toHaveLength(1);
    provider.destroy();
  });

  it('sends our own state, and only ours, when it changes locally', () => {
    const { doc, provider, socket } = providerWithSocket();
    sendOwnAwarenessOnly(provider);
    applyAwarenessUpdate(provider.awareness, remoteUpdate('ana'), provider);
    provider.awareness.setLocalStateField('cursor', { x: 0.5, y: 0.5 });
    expect(socket.sent).toHaveLength(1);
    expect(clientIdsIn(socket.sent[0]!)).toEqual([doc.clientID]);
    provider.destroy();
  });

  it('sends nothing while the socket is not open', () => {
    const { provider, socket } = providerWithSocket();
    sendOwnAwarenessOnly(provider);
    socket.readyState = 0;
    provider.awareness.setLocalStateField('cursor', { x: 0.5, y: 0.5 });
    expect(socket.sent).toHaveLength(0);
    provider.destroy();
  });

  it('answers an awareness query with our own state only', () => {
    const { doc, provider } = providerWithSocket();
    sendOwnAwarenessOnly(provider);
    applyAwarenessUpdate(provider.awareness, remoteUpdate('ana'), provider);
    const encoder = encoding.createEncoder();
    provider.messageHandlers[3]!(encoder, decoding.createDecoder(new Uint8Array()), provider, false, 3);
    expect(clientIdsIn(encoding.toUint8Array(encoder))).toEqual([doc.clientID]);
    provider.destroy();
  });
});
