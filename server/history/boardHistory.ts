import * as Y from 'yjs';
import { boardRoom } from '@shared/rooms';
import { readBoard, replaceNotes } from '@shared/schema/board';
import { readSession, type Phase } from '@shared/schema/control';
import { serverOrigin } from '@shared/schema/origins';
import type { ServerDeps } from '../deps';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/roomManager';
import { openHistoryStore, type HistoryStore, type SnapshotInfo } from './historyStore';

interface Watch {
  lastAt: number;
  timer: NodeJS.Timeout | null;
  phase: Phase | null;
}

export interface RestoreResult {
  restored: SnapshotInfo;
  before: SnapshotInfo;
  deleted: number;
  written: number;
}

/**
 * Version history of each board: a snapshot at most every HISTORY_INTERVAL_MS while it
 * is edited, one at every phase change, and restores that are themselves undoable.
 */
export class BoardHistory {
  private readonly store: HistoryStore;
  private readonly watches = new Map<string, Watch>();
  private closed = false;

  constructor(
    private readonly deps: ServerDeps,
    rooms: RoomManager,
  ) {
    this.store = openHistoryStore(deps.store.db, deps.config.HISTORY_KEEP);
    rooms.onLoad.add((room) => this.watchRoom(room));
  }

  list(workshopId: string): SnapshotInfo[] {
    return this.store.list(workshopId);
  }

  /** Saves the board as it is now. */
  record(workshopId: string, reason: string): SnapshotInfo {
    const { data, noteCount } = this.deps.docs.readDoc(boardRoom(workshopId), (doc) => ({
      data: Y.encodeStateAsUpdate(doc),
      noteCount: readBoard(doc).notes.length,
    }));
    const snapshot = this.store.add(workshopId, reason, noteCount, data);
    this.watch(workshopId).lastAt = snapshot.createdAt;
    this.deps.log.info({ workshop: workshopId, snapshot: snapshot.id, reason, notes: noteCount }, 'board snapshot taken');
    return snapshot;
  }

  /** Makes the live board's notes equal to a snapshot's, after saving the board as it was. */
  restore(workshopId: string, snapshotId: number, by: string): RestoreResult | null {
    const restored = this.store.list(workshopId).find((s) => s.id === snapshotId);
    const data = restored && this.store.data(workshopId, snapshotId);
    if (!restored || !data) return null;
    const past = new Y.Doc();
    Y.applyUpdate(past, data);
    const notes = readBoard(past).notes;
    past.destroy();
    const before = this.record(workshopId, 'before restore');
    let counts = { deleted: 0, written: 0 };
    this.deps.docs.transact(boardRoom(workshopId), (doc) => (counts = replaceNotes(doc, notes, serverOrigin('restore'))), 'restore');
    this.deps.log.info({ workshop: workshopId, snapshot: snapshotId, participant: by, ...counts }, 'board restored from history');
    return { restored, before, ...counts };
  }

  close(): void {
    this.closed = true;
    for (const w of this.watches.values()) if (w.timer) clearTimeout(w.timer);
    this.watches.clear();
  }

  private watch(workshopId: string): Watch {
    let w = this.watches.get(workshopId);
    if (!w) {
      w = { lastAt: this.store.latestAt(workshopId) ?? 0, timer: null, phase: null };
      this.watches.set(workshopId, w);
    }
    return w;
  }

  private watchRoom(room: Room): void {
    const { workshopId, kind } = room.parsed;
    if (kind === 'board') room.observe(() => this.boardChanged(workshopId));
    if (kind === 'control') {
      this.watch(workshopId).phase = readSession(room.doc).phase;
      room.observe((doc) => this.controlChanged(workshopId, doc));
    }
  }

  // Throttle: the first change after a quiet interval is saved at once, later ones when the interval ends.
  private boardChanged(workshopId: string): void {
    const w = this.watch(workshopId);
    if (w.timer || this.closed) return;
    const wait = w.lastAt + this.deps.config.HISTORY_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.safely(workshopId, 'periodic');
      return;
    }
    w.timer = setTimeout(() => {
      w.timer = null;
      this.safely(workshopId, 'periodic');
    }, wait);
    w.timer.unref();
  }

  private controlChanged(workshopId: string, doc: Y.Doc): void {
    const w = this.watch(workshopId);
    const phase = readSession(doc).phase;
    if (phase === w.phase || this.closed) return;
    w.phase = phase;
    this.safely(workshopId, `phase: ${phase}`);
  }

  // A snapshot that cannot be written must not break the update that triggered it.
  private safely(workshopId: string, reason: string): void {
    try {
      if (this.deps.store.getWorkshop(workshopId)) this.record(workshopId, reason);
    } catch (err) {
      this.deps.log.error({ workshop: workshopId, reason, err }, 'board snapshot failed');
    }
  }
}
