import type { Role } from '@shared/roles';

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
