import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { LocalPresence } from '../../client/session/localPresence';
import { peopleIn, readCursor, readUser } from '../../client/session/presence';

const ana = { id: 'p-ana', name: 'Ana', color: '#2563eb', role: 'participant' as const };

afterEach(() => vi.useRealTimers());

describe('reading other people’s presence', () => {
  it('rejects malformed states instead of crashing', () => {
    expect(readUser(null)).toBeNull();
    expect(readUser({ user: { id: 1, name: 'x', role: 'participant' } })).toBeNull();
    expect(readUser({ user: { id: 'a', name: 'x', role: 'admin' } })).toBeNull();
    expect(readCursor({ cursor: { x: 'left', y: 0 } })).toBeNull();
    expect(readCursor({ cursor: { x: 1e9, y: 0 } })).toBeNull();
    expect(readCursor({ cursor: { x: 0.5, y: -0.5 } })).toEqual({ x: 0.5, y: -0.5 });
  });

  it('replaces an unusable colour and cuts an overlong name', () => {
    const user = readUser({ user: { id: 'a', name: 'n'.repeat(200), color: 'red; background: url(x)', role: 'viewer' } });
    expect(user?.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(user?.name.length).toBe(40);
  });

  it('lists each person once, ourselves first', () => {
    const states = new Map<number, unknown>([
      [1, { user: { ...ana } }],
      [2, { user: { id: 'p-ben', name: 'Ben', color: '#db2777', role: 'facilitator' } }],
      [3, { user: { ...ana } }],
      [4, { cursor: { x: 0, y: 0 } }],
      [5, { user: { id: 'p-me', name: 'Zoe', color: '#059669', role: 'participant' } }],
    ]);
    const people = peopleIn(states, 5, 'p-me');
    expect(people.map((p) => p.name)).toEqual(['Zoe', 'Ana', 'Ben']);
    expect(people[0]!.isSelf).toBe(true);
  });
});

describe('publishing our presence', () => {
  it('sends a cursor at most 20 times a second, ending with the latest position', () => {
    vi.useFakeTimers();
    const awareness = new Awareness(new Y.Doc());
    let updates = 0;
    awareness.on('update', () => updates++);
    const presence = new LocalPresence(awareness, ana, 50, () => Date.now());
    updates = 0;
    for (let i = 0; i < 100; i++) {
      presence.setCursor({ x: i / 100, y: 0 });
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(100);
    expect(updates).toBeGreaterThanOrEqual(9);
    expect(updates).toBeLessThanOrEqual(11);
    expect(awareness.getLocalState()?.cursor).toEqual({ x: 0.99, y: 0 });
    presence.destroy();
    awareness.destroy();
  });

  it('sends nothing when the cursor did not change', () => {
    vi.useFakeTimers();
    const awareness = new Awareness(new Y.Doc());
    const presence = new LocalPresence(awareness, ana, 50, () => Date.now());
    presence.setCursor({ x: 0.2, y: 0.2 });
    vi.advanceTimersByTime(100);
    let updates = 0;
    awareness.on('update', () => updates++);
    presence.setCursor({ x: 0.2, y: 0.2 });
    presence.setCursor({ x: 0.20001, y: 0.2 });
    vi.advanceTimersByTime(100);
    expect(updates).toBe(0);
    presence.destroy();
    awareness.destroy();
  });

  it('shares user, cursor and viewport in the agreed shape', () => {
    vi.useFakeTimers();
    const awareness = new Awareness(new Y.Doc());
    const presence = new LocalPresence(awareness, ana, 50, () => Date.now());
    presence.setCursor({ x: 0.25, y: -0.5 });
    presence.setViewport({ x: 0.1, y: 0.2, zoom: 0.8 });
    vi.advanceTimersByTime(100);
    expect(awareness.getLocalState()).toEqual({ user: ana, cursor: { x: 0.25, y: -0.5 }, viewport: { x: 0.1, y: 0.2, zoom: 0.8 } });
    presence.destroy();
    awareness.destroy();
  });
});
