import * as decoding from 'lib0/decoding';
import { encodeAwareness } from '../../server/rooms/protocol';
import type { RawClient } from './rawSocket';

export interface WireState {
  clientId: number;
  clock: number;
  json: string;
}

/** The states an awareness message (type 1) lists; null for any other message. */
export function awarenessStates(bytes: Uint8Array): WireState[] | null {
  const d = decoding.createDecoder(bytes);
  if (decoding.readVarUint(d) !== 1) return null;
  const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
  const count = decoding.readVarUint(inner);
  const states: WireState[] = [];
  for (let i = 0; i < count; i++) {
    states.push({ clientId: decoding.readVarUint(inner), clock: decoding.readVarUint(inner), json: decoding.readVarString(inner) });
  }
  return states;
}

/** The states listed in each awareness message a raw client received, one array per message. */
export function awarenessMessages(raw: Pick<RawClient, 'received'>): WireState[][] {
  const out: WireState[][] = [];
  for (const bytes of raw.received) {
    const states = awarenessStates(bytes);
    if (states) out.push(states);
  }
  return out;
}

/** Every state a raw client has heard for one client id, in order. */
export function heardFor(raw: RawClient, clientId: number): WireState[] {
  return awarenessMessages(raw)
    .flat()
    .filter((s) => s.clientId === clientId);
}

export function sendState(raw: RawClient, clientId: number, clock: number, state: unknown): void {
  raw.ws.send(encodeAwareness([{ clientId, clock, state: new TextEncoder().encode(JSON.stringify(state)) }]));
}

/** Asks for everyone's state; the answer comes after every message sent before it was handled. */
export function queryAwareness(raw: RawClient): void {
  raw.ws.send(new Uint8Array([3]));
}
