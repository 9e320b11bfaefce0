import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PeerUpdate } from './roomSequence';

// What instances tell each other about a room, on the room's bus channel. Peers are trusted (they
// judged what they send), but a message that does not decode is dropped, never applied.

const UPDATE = 0;
const AWARENESS = 1;
const HEAD = 2;
const HELLO = 3;

export type PeerMessage =
  | { kind: 'update'; from: string; entry: PeerUpdate }
  | { kind: 'awareness'; from: string; message: Uint8Array }
  /** "The room's log reaches seq": lets a peer that missed messages notice. */
  | { kind: 'head'; from: string; seq: number }
  /** "I just loaded the room": peers answer with their people's presence, which would otherwise reach us only as it changes. */
  | { kind: 'hello'; from: string };

export const roomChannel = (room: string): string => `fourpaths:room:${room}`;

export function encodePeerMessage(m: PeerMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, m.from);
  if (m.kind === 'update') {
    encoding.writeVarUint(e, UPDATE);
    encoding.writeVarUint(e, m.entry.seq);
    encoding.writeVarUint8Array(e, m.entry.update ?? new Uint8Array(0));
    encoding.writeVarUint(e, m.entry.bindings.length);
    for (const b of m.entry.bindings) {
      encoding.writeVarUint(e, b.clientId);
      encoding.writeVarString(e, b.participantId);
    }
  } else if (m.kind === 'awareness') {
    encoding.writeVarUint(e, AWARENESS);
    encoding.writeVarUint8Array(e, m.message);
  } else if (m.kind === 'head') {
    encoding.writeVarUint(e, HEAD);
    encoding.writeVarUint(e, m.seq);
  } else encoding.writeVarUint(e, HELLO);
  return encoding.toUint8Array(e);
}

/** Decodes a peer's message; null for one that does not decode, and for our own (`self`): Redis hands a publisher its messages back. */
export function decodePeerMessage(bytes: Uint8Array, self: string): PeerMessage | null {
  try {
    const d = decoding.createDecoder(bytes);
    const from = decoding.readVarString(d);
    if (from === self) return null;
    const kind = decoding.readVarUint(d);
    if (kind === UPDATE) {
      const seq = decoding.readVarUint(d);
      const update = decoding.readVarUint8Array(d);
      const n = decoding.readVarUint(d);
      const bindings: PeerUpdate['bindings'][number][] = [];
      for (let i = 0; i < n; i++) bindings.push({ clientId: decoding.readVarUint(d), participantId: decoding.readVarString(d) });
      return { kind: 'update', from, entry: { seq, update: update.byteLength > 0 ? update : null, bindings } };
    }
    if (kind === AWARENESS) return { kind: 'awareness', from, message: decoding.readVarUint8Array(d) };
    if (kind === HEAD) return { kind: 'head', from, seq: decoding.readVarUint(d) };
    if (kind === HELLO) return { kind: 'hello', from };
    return null;
  } catch {
    return null;
  }
}
