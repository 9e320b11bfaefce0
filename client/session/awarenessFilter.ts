import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import { MSG_AWARENESS, MSG_QUERY_AWARENESS } from '@shared/protocol';

export interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

type AwarenessHandler = (change: AwarenessChange, origin: unknown) => void;

/** The parts of y-websocket's WebsocketProvider this module touches. */
export interface AwarenessTransport {
  awareness: Awareness;
  doc: { clientID: number };
  ws: { readyState: number; send(data: Uint8Array<ArrayBuffer>): void } | null;
  _awarenessUpdateHandler: AwarenessHandler;
  messageHandlers: Array<(encoder: encoding.Encoder, ...rest: never[]) => void>;
}

const OPEN = 1;

function ownStateMessage(awareness: Awareness, clientId: number): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MSG_AWARENESS);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [clientId]));
  return encoding.toUint8Array(encoder);
}

/**
 * The stock y-websocket 3.1 provider sends every awareness update, including the remote ones
 * it just received, so each client echoes the whole room back to the server: the fan-out grows
 * with the square of the room. This swaps its handler for one that sends only our own state,
 * only when it changed locally (remote updates are applied with the provider as origin), and
 * answers awareness queries with our own state too. Returns a function that undoes the swap.
 */
export function sendOwnAwarenessOnly(provider: AwarenessTransport): () => void {
  const { awareness } = provider;
  const clientId = provider.doc.clientID;
  awareness.off('update', provider._awarenessUpdateHandler);

  const handler: AwarenessHandler = ({ added, updated, removed }, origin) => {
    if (origin === provider) return;
    if (!added.includes(clientId) && !updated.includes(clientId) && !removed.includes(clientId)) return;
    const ws = provider.ws;
    if (ws && ws.readyState === OPEN) ws.send(ownStateMessage(awareness, clientId));
  };
  awareness.on('update', handler);

  const previousQueryHandler = provider.messageHandlers[MSG_QUERY_AWARENESS];
  provider.messageHandlers[MSG_QUERY_AWARENESS] = (encoder: encoding.Encoder) => {
    encoding.writeVarUint(encoder, MSG_AWARENESS);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [clientId]));
  };

  return () => {
    awareness.off('update', handler);
    if (previousQueryHandler) provider.messageHandlers[MSG_QUERY_AWARENESS] = previousQueryHandler;
  };
}
