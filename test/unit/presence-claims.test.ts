import { describe, expect, it } from 'vitest';
import { bindPresence } from '../../server/rooms/presenceClaims';
import { MemoryClientIdBindings } from '../../server/rooms/clientIdBindings';

const eve = { id: 'p-eve', name: 'Eve', role: 'participant' as const };
const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const parse = (r: ReturnType<typeof bindPresence>) => (r?.kind === 'state' ? JSON.parse(new TextDecoder().decode(r.bytes)) : r);

describe('presence states bound to their sender', () => {
  it('forwards a truthful state byte for byte', () => {
    const state = bytes({ user: { id: 'p-eve', name: 'Eve', color: '#dc2626', role: 'participant' }, cursor: { x: 0.1, y: 0.2 } });
    const bound = bindPresence(state, eve);
    expect(bound?.kind === 'state' && bound.bytes).toBe(state);
  });

  it('sets id, name and role from the token and keeps the rest of the state', () => {
    const forged = bytes({ user: { id: 'p-fay', name: 'Fay (facilitator)', color: '#dc2626', role: 'facilitator' }, viewport: { x: 0, y: 0, zoom: 2 } });
    expect(parse(bindPresence(forged, eve))).toEqual({ user: { id: 'p-eve', name: 'Eve', color: '#dc2626', role: 'participant' }, viewport: { x: 0, y: 0, zoom: 2 } });
    expect(parse(bindPresence(bytes({ user: 'Fay', cursor: null }), eve))).toEqual({ user: { id: 'p-eve', name: 'Eve', role: 'participant' }, cursor: null });
  });

  it('leaves states that claim nobody as they are, and refuses what is not JSON', () => {
    expect(parse(bindPresence(bytes({ cursor: { x: 0, y: 0 } }), eve))).toEqual({ cursor: { x: 0, y: 0 } });
    expect(parse(bindPresence(bytes([1, 2]), eve))).toEqual([1, 2]);
    expect(bindPresence(bytes(null), eve)).toEqual({ kind: 'null' });
    expect(bindPresence(new TextEncoder().encode('{"user": {'), eve)).toBeNull();
    expect(bindPresence(new Uint8Array([0x7b, 0xff, 0x7d]), eve)).toBeNull();
  });
});

describe('client ids bound to participants', () => {
  it('refuses an id to everyone but the participant who used it first', () => {
    const b = new MemoryClientIdBindings();
    expect(b.bind(7, 'p-ana')).toBe(true);
    expect(b.bind(7, 'p-eve')).toBe(false);
    expect(b.bind(7, 'p-ana')).toBe(true);
    expect(b.ownerOf(7)).toBe('p-ana');
  });

  it('forgets a participant’s least recently used ids past 64, never anyone else’s', () => {
    const b = new MemoryClientIdBindings();
    b.bind(1, 'p-ben');
    for (let id = 100; id < 170; id++) b.bind(id, 'p-ana');
    expect(b.ownerOf(105)).toBeUndefined();
    expect(b.ownerOf(106)).toBe('p-ana');
    expect(b.ownerOf(169)).toBe('p-ana');
    expect(b.ownerOf(1)).toBe('p-ben');
  });
});
