import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ObservableV2 } from 'lib0/observable';
import { serverOrigin } from '@shared/schema/origins';
import { setDone, setParticipant, setPhase, setVoteTotal, updateSession } from '@shared/schema/control';
import { timerOf } from '@shared/schema/timer';
import { setWording } from '@shared/schema/wording';
import { ControlStore } from '../../client/session/controlStore';

const SERVER = serverOrigin('test: the server');

/** A control room as the server leaves it after two people joined and the facilitator set up the session. */
function controlRoom() {
  const doc = new Y.Doc();
  setParticipant(doc, { id: 'fay', name: 'Fay', role: 'facilitator', joinedAt: 1 }, SERVER);
  setParticipant(doc, { id: 'ana', name: 'Ana', role: 'participant', joinedAt: 2 }, SERVER);
  updateSession(doc, { phase: 'vote', timer: timerOf(5 * 60_000) });
  setVoteTotal(doc, 'n1', 2, SERVER);
  return doc;
}

/** Counts how often the store tells its listeners something changed. */
function watch(store: ControlStore) {
  const seen = { updates: 0 };
  const unsubscribe = store.subscribe(() => seen.updates++);
  return { seen, unsubscribe };
}

/** A provider's sync signal: `synced` and a 'sync' event, as y-websocket has them. */
class Provider extends ObservableV2<{ sync: (synced: boolean) => void }> {
  synced = false;
  finishSync(): void {
    this.synced = true;
    this.emit('sync', [true]);
  }
}

describe('control store', () => {
  it('starts with what the control room holds, namesakes told apart', () => {
    const doc = controlRoom();
    setParticipant(doc, { id: 'ana2', name: 'ana', role: 'participant', joinedAt: 3 }, SERVER);
    const store = new ControlStore(doc);
    const s = store.get();
    expect(s.session.phase).toBe('vote');
    expect(s.knownPhase).toBe('vote');
    expect(s.participants.map((p) => p.name)).toEqual(['Fay', 'Ana', 'ana (2)']);
    expect([...s.votes]).toEqual([['n1', 2]]);
  });

  it('gives a vote a new votes object and leaves the session, people, progress and wording as they were', () => {
    const doc = controlRoom();
    const store = new ControlStore(doc);
    const { seen } = watch(store);
    const before = store.get();
    setVoteTotal(doc, 'n2', 1, SERVER);
    const after = store.get();
    expect(seen.updates).toBe(1);
    expect(after.votes).not.toBe(before.votes);
    expect(after.votes.get('n2')).toBe(1);
    expect(after.session).toBe(before.session);
    expect(after.participants).toBe(before.participants);
    expect(after.progress).toBe(before.progress);
    expect(after.wording).toBe(before.wording);
  });

  it('gives a phase change a new session object, keeping the parts of it that stayed the same', () => {
    const doc = controlRoom();
    const store = new ControlStore(doc);
    const before = store.get();
    setPhase(doc, 'discuss');
    const after = store.get();
    expect(after.session).not.toBe(before.session);
    expect(after.session.phase).toBe('discuss');
    expect(after.knownPhase).toBe('discuss');
    expect(after.session.timer).toBe(before.session.timer);
    expect(after.session.voting).toBe(before.session.voting);
    expect(after.votes).toBe(before.votes);
  });

  it('keeps every participant who did not change when someone new joins', () => {
    const doc = controlRoom();
    const store = new ControlStore(doc);
    const before = store.get().participants;
    setParticipant(doc, { id: 'ben', name: 'Ben', role: 'participant', joinedAt: 4 }, SERVER);
    const after = store.get().participants;
    expect(after.map((p) => p.name)).toEqual(['Fay', 'Ana', 'Ben']);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
  });

  it('tells no one when a write leaves the content as it was', () => {
    const doc = controlRoom();
    const store = new ControlStore(doc);
    const { seen } = watch(store);
    const before = store.get();
    // The same phase and timer again (a second tab), the same total again (the server republishing).
    updateSession(doc, { phase: 'vote', timer: timerOf(5 * 60_000) });
    setVoteTotal(doc, 'n1', 2, SERVER);
    expect(seen.updates).toBe(0);
    expect(store.get()).toBe(before);
  });

  it('re-reads progress and wording when they change', () => {
    const doc = controlRoom();
    const store = new ControlStore(doc);
    const before = store.get();
    setDone(doc, 'ana', true, SERVER);
    setWording(doc, { 'technology.name': 'Tools first' });
    const after = store.get();
    expect(after.progress.get('ana')).toEqual({ drafts: 0, done: true });
    expect(after.wording).toEqual({ 'technology.name': 'Tools first' });
    expect(after.session).toBe(before.session);
  });

  it('stops telling a listener once it unsubscribed, and everyone once destroyed', () => {
    const doc = controlRoom();
    const store = new ControlStore(doc);
    const first = watch(store);
    const second = watch(store);
    setPhase(doc, 'discuss');
    first.unsubscribe();
    setPhase(doc, 'done');
    expect(first.seen.updates).toBe(1);
    expect(second.seen.updates).toBe(2);
    store.destroy();
    setPhase(doc, 'vote');
    expect(second.seen.updates).toBe(2);
    expect(store.get().session.phase).toBe('done');
  });

  it('knows no phase in an empty room until it synced with the server', () => {
    const provider = new Provider();
    const store = new ControlStore(new Y.Doc(), provider);
    const { seen } = watch(store);
    expect(store.get().knownPhase).toBeNull();
    provider.finishSync();
    expect(store.get().knownPhase).toBe('collect');
    expect(seen.updates).toBe(1);
  });

  it('knows the phase before syncing when this device cached it', () => {
    const doc = new Y.Doc();
    const store = new ControlStore(doc, new Provider());
    expect(store.get().knownPhase).toBeNull();
    setPhase(doc, 'place', SERVER);
    expect(store.get().knownPhase).toBe('place');
  });
});
