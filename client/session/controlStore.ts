import type * as Y from 'yjs';
import {
  participantsOf,
  progressOf,
  readParticipants,
  readProgress,
  readSession,
  readVotes,
  sessionOf,
  votesOf,
  type Participant,
  type Progress,
  type Session,
} from '@shared/schema/control';
import type { Phase } from '@shared/schema/phases';
import { readWording, wordingOf, type WordingOverrides } from '@shared/schema/wording';
import { withDistinctNames } from './distinctNames';

/** Everything the control room says, as plain data for React; a slice keeps its object until its content changes. */
export interface ControlSnapshot {
  session: Session;
  /** The phase once it is known: after the room synced with the server, or from this device's cache; null before. */
  knownPhase: Phase | null;
  /** In joining order, namesakes told apart ("Ana (2)"). */
  participants: readonly Participant[];
  /** Note id → published vote total. */
  votes: ReadonlyMap<string, number>;
  /** Participant id → drafts ready and "I'm done". */
  progress: ReadonlyMap<string, Progress>;
  wording: WordingOverrides;
}

/** What the store needs of the room's provider: whether it has synced with the server, and when that changes. */
export interface SyncSignal {
  readonly synced: boolean;
  on(event: 'sync', listener: (synced: boolean) => void): void;
  off(event: 'sync', listener: (synced: boolean) => void): void;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * `next`, with every part equal to the same part of `prev` replaced by that part, so what did
 * not change keeps its identity (and React skips it). Handles the plain data the schema reads.
 */
function keepUnchanged<T>(prev: T, next: T): T {
  if (Object.is(prev, next)) return prev;
  if (Array.isArray(prev) && Array.isArray(next)) {
    const out = next.map((item, i) => keepUnchanged(prev[i], item));
    return (out.length === prev.length && out.every((item, i) => item === prev[i]) ? prev : out) as T;
  }
  if (prev instanceof Map && next instanceof Map) {
    const out = new Map([...next].map(([k, v]) => [k, prev.has(k) ? keepUnchanged(prev.get(k), v) : v]));
    return (out.size === prev.size && [...out].every(([k, v]) => prev.has(k) && prev.get(k) === v) ? prev : out) as T;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(next)) out[k] = keepUnchanged(prev[k], v);
    const keys = Object.keys(out);
    const same = keys.length === Object.keys(prev).length && keys.every((k) => k in prev && prev[k] === out[k]);
    return (same ? prev : out) as T;
  }
  return next;
}

/**
 * The control document as snapshots for React, for every component of the board page.
 * It listens to the document once; after each transaction it re-reads only the maps that
 * transaction changed, and a slice whose content is the same keeps its object, so a vote
 * re-renders what shows votes and nothing that shows only the phase.
 */
export class ControlStore {
  private snapshot: ControlSnapshot;
  private listeners = new Set<() => void>();
  private readonly maps: Record<'session' | 'participants' | 'votes' | 'progress' | 'wording', Y.Map<unknown>>;

  constructor(
    private readonly doc: Y.Doc,
    /** The room's provider; without one the document counts as synced (nothing else will fill it). */
    private readonly sync: SyncSignal | null = null,
  ) {
    this.maps = { session: sessionOf(doc), participants: participantsOf(doc), votes: votesOf(doc), progress: progressOf(doc), wording: wordingOf(doc) };
    const session = readSession(doc);
    this.snapshot = {
      session,
      knownPhase: this.knownPhase(session),
      participants: withDistinctNames(readParticipants(doc)),
      votes: readVotes(doc),
      progress: readProgress(doc),
      wording: readWording(doc),
    };
    doc.on('afterTransaction', this.onTransaction);
    sync?.on('sync', this.onSync);
  }

  get = (): ControlSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    this.sync?.off('sync', this.onSync);
    this.listeners.clear();
  }

  private knownPhase(session: Session): Phase | null {
    // An empty control document reads as "collect": that is no phase until the server or the cache said so.
    if (this.sync && !this.sync.synced && !this.maps.session.has('phase')) return null;
    return session.phase;
  }

  private onTransaction = (txn: Y.Transaction): void => {
    const prev = this.snapshot;
    // The types this transaction touched, keyed by type; our maps are top-level, so their own keys changed.
    const touched: ReadonlyMap<unknown, unknown> = txn.changed;
    const changed = (map: Y.Map<unknown>) => touched.has(map);
    const session = changed(this.maps.session) ? keepUnchanged(prev.session, readSession(this.doc)) : prev.session;
    this.publish({
      session,
      knownPhase: this.knownPhase(session),
      participants: changed(this.maps.participants) ? keepUnchanged(prev.participants, withDistinctNames(readParticipants(this.doc))) : prev.participants,
      votes: changed(this.maps.votes) ? keepUnchanged(prev.votes, readVotes(this.doc)) : prev.votes,
      progress: changed(this.maps.progress) ? keepUnchanged(prev.progress, readProgress(this.doc)) : prev.progress,
      wording: changed(this.maps.wording) ? keepUnchanged(prev.wording, readWording(this.doc)) : prev.wording,
    });
  };

  private onSync = (): void => {
    this.publish({ ...this.snapshot, knownPhase: this.knownPhase(this.snapshot.session) });
  };

  /** Publishes a snapshot only when some slice is a new object, so listeners run only for real changes. */
  private publish(next: ControlSnapshot): void {
    const prev = this.snapshot;
    const keys = Object.keys(next) as Array<keyof ControlSnapshot>;
    if (keys.every((k) => next[k] === prev[k])) return;
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
