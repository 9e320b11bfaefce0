import type { Role } from '@shared/roles';
import type { CastResult, MyVotes, VoteRules } from '../facilitation/voteBook';
import type { SnapshotInfo } from '../history/historyStore';

// The store seam: SQLite today, another engine later without touching rooms or routes.

export interface WorkshopRecord {
  id: string;
  title: string;
  createdAt: number;
  keyHashes: Record<Role, string>;
}

export interface ParticipantRecord {
  id: string;
  workshopId: string;
  name: string;
  role: Role;
  joinedAt: number;
}

export interface StoredUpdate {
  room: string;
  update: Uint8Array;
}

export interface DocStore {
  /** Snapshot (if any) followed by every logged update, in order. */
  loadDoc(room: string): { updates: Uint8Array[]; logLength: number };
  /** Appends updates of possibly many rooms in one durable transaction. */
  appendUpdates(entries: StoredUpdate[]): void;
  /**
   * Appends like appendUpdates, without waiting for the disk: the updates survive a crash of the
   * process at once, and power loss once a later syncLog has called back or syncLogNow returned.
   */
  appendUpdatesUnsynced(entries: StoredUpdate[]): void;
  /** Flushes everything appended so far to disk on the thread pool, then calls back. */
  syncLog(done: (err: Error | null) => void): void;
  /** The same, blocking. */
  syncLogNow(): void;
  /**
   * Replaces the room's snapshot and drops its whole log, atomically. Callers pass the
   * state of a document that already contains every stored update of the room.
   */
  compact(room: string, snapshot: Uint8Array): void;
  listRooms(prefix: string): string[];
}

export interface WorkshopStore {
  createWorkshop(record: WorkshopRecord): void;
  getWorkshop(id: string): WorkshopRecord | null;
  addParticipant(record: ParticipantRecord): void;
  getParticipant(id: string): ParticipantRecord | null;
  listParticipants(workshopId: string): ParticipantRecord[];
}

export interface RemovalRecord {
  workshopId: string;
  participantId: string;
  removedAt: number;
  /** The facilitator who removed them. */
  removedBy: string;
}

/** Withdrawn access: removed people and rotated link keys. */
export interface AccessStore {
  /** Records that a participant's token no longer opens anything; removing twice keeps the first record. */
  removeParticipant(record: RemovalRecord): void;
  removedParticipantIds(): string[];
  setKeyHash(workshopId: string, role: Role, hash: string): void;
}

export interface KvStore {
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  /** A small real write, to learn whether the store can write right now; throws when it cannot. */
  probeWrite(): void;
}

export interface Store extends DocStore, WorkshopStore, AccessStore, KvStore {
  /** The underlying database, for features that add their own tables (votes, history). */
  readonly db: import('better-sqlite3').Database;
  close(): void;
}

// The complete, async seam (issue 10): everything SQLite holds, behind one interface with a
// SQLite and a PostgreSQL implementation, so no feature sees the engine.

export interface SequencedUpdate {
  room: string;
  /** Gap-free per room, in commit order: 1, 2, 3, … across compactions. */
  seq: number;
  update: Uint8Array;
}

export interface CatchUp {
  snapshot: Uint8Array | null;
  updates: SequencedUpdate[];
}

/** A client id bound in a room, stored in the same transaction as the updates written under it. */
export interface RoomClientIdBinding {
  room: string;
  clientId: number;
  participantId: string;
}

interface LoadedDoc {
  /** Snapshot (if any) followed by every logged update after it, in order. */
  updates: Uint8Array[];
  logLength: number;
  /** The sequence number of the last update the load includes; 0 for a room never written. */
  seq: number;
}

interface DocLog {
  loadDoc(room: string): Promise<LoadedDoc>;
  /**
   * Stores updates of possibly many rooms in one transaction, durable once the promise resolves.
   * Each gets its room's next sequence number, in the order given, assigned inside the transaction.
   */
  appendUpdates(entries: StoredUpdate[], bindings?: readonly RoomClientIdBinding[]): Promise<SequencedUpdate[]>;
  /** The logged updates of a room after `seq`, in order (catching up a peer). */
  updatesSince(room: string, seq: number): Promise<SequencedUpdate[]>;
  /**
   * Everything a peer that holds a room up to `seq` lacks: the logged updates after it and, when
   * compaction already folded some of those away, the snapshot that holds them (applying it again is harmless).
   */
  catchUp(room: string, seq: number): Promise<CatchUp>;
  /**
   * Replaces the room's snapshot with one that contains every update up to `upToSeq`, and drops
   * those from the log; later updates stay. Atomic. A fold to a sequence number at or below the
   * one already folded changes nothing (two instances compacting the same room cannot go back).
   */
  compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void>;
  listRooms(prefix: string): Promise<string[]>;
}

interface WorkshopBook {
  createWorkshop(record: WorkshopRecord): Promise<void>;
  getWorkshop(id: string): Promise<WorkshopRecord | null>;
  addParticipant(record: ParticipantRecord): Promise<void>;
  getParticipant(id: string): Promise<ParticipantRecord | null>;
  listParticipants(workshopId: string): Promise<ParticipantRecord[]>;
}

export interface AccessBook {
  /** Removing twice keeps the first record. */
  removeParticipant(record: RemovalRecord): Promise<void>;
  removedParticipantIds(): Promise<string[]>;
  setKeyHash(workshopId: string, role: Role, hash: string): Promise<void>;
}

interface VoteRecord {
  participantId: string;
  noteId: string;
  count: number;
}

interface VoteLedger {
  /** Adds or takes back one vote; the budget check and the count are one transaction per participant. */
  castVote(workshopId: string, participantId: string, noteId: string, delta: 1 | -1, rules: VoteRules): Promise<CastResult>;
  myVotes(workshopId: string, participantId: string): Promise<MyVotes>;
  voterCount(workshopId: string): Promise<number>;
  voteTotalFor(workshopId: string, noteId: string): Promise<number>;
  voteTotals(workshopId: string): Promise<Map<string, number>>;
  /** Every standing vote of a workshop (for the summary snapshot). */
  votesCast(workshopId: string): Promise<VoteRecord[]>;
}

interface HistoryLog {
  /** Saves a board version and keeps only the newest `keep` of the workshop. */
  addSnapshot(workshopId: string, reason: string, noteCount: number, data: Uint8Array, createdAt: number): Promise<SnapshotInfo>;
  /** Newest first. */
  listSnapshots(workshopId: string): Promise<SnapshotInfo[]>;
  snapshotData(workshopId: string, id: number): Promise<Uint8Array | null>;
  latestSnapshotAt(workshopId: string): Promise<number | null>;
}

interface ClientIdBinding {
  clientId: number;
  participantId: string;
}

interface ClientIdBook {
  loadClientIds(room: string): Promise<Map<number, string>>;
  /** The first binding of a client id wins, also when two writers race; durable once resolved. */
  bindClientIds(room: string, bindings: ClientIdBinding[]): Promise<void>;
}

/** Invite keys and join codes, stored sealed: the store never sees them in the clear. */
export interface InviteBook {
  saveInviteKey(workshopId: string, role: Role, sealed: string): Promise<void>;
  inviteKeys(workshopId: string): Promise<Partial<Record<Role, string>>>;
  saveJoinCode(workshopId: string, codeHash: string, sealed: string): Promise<void>;
  joinCode(workshopId: string): Promise<string | null>;
  workshopForCodeHash(codeHash: string): Promise<string | null>;
}

interface SeriesBook {
  seriesOf(workshopId: string): Promise<string | null>;
  /** In the order they joined. */
  seriesMembers(seriesId: string): Promise<string[]>;
  /** A workshop is in one series at most; joining again is a no-op. */
  joinSeries(seriesId: string, workshopId: string, at: number): Promise<void>;
}

interface JobClaims {
  /** True for exactly one caller per key, across instances and restarts: server jobs (a timer's advance) run once. */
  claimOnce(key: string): Promise<boolean>;
}

interface MetaBook {
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  /** A small real write; rejects when the store cannot write right now. */
  probeWrite(): Promise<void>;
}

export interface AsyncStore extends DocLog, WorkshopBook, AccessBook, VoteLedger, HistoryLog, ClientIdBook, InviteBook, SeriesBook, MetaBook, JobClaims {
  readonly engine: 'sqlite' | 'postgres';
  close(): Promise<void>;
}
