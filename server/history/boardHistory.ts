import * as Y from 'yjs';
import { boardRoom } from '@shared/rooms';
import { readBoard, replaceNotes } from '@shared/schema/board';
import { readSession } from '@shared/schema/control';
import type { Phase } from '@shared/schema/phases';
import { serverOrigin } from '@shared/schema/origins';
import type { ServerDeps } from '../deps';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/roomManager';
import type { SnapshotInfo } from './historyStore';

interface Watch {
  /** When the last snapshot was taken; null until read from the store. */
  lastAt: number | null;
  loading: Promise<void>;
  /** A change arrived while lastAt was loading; it is judged once it is known. */
  deferred: boolean;
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
  private readonly watches = new Map<string, Watch>();
  private closed = false;

  constructor(
    private readonly deps: ServerDeps,
    rooms: RoomManager,
  ) {
    rooms.onLoad.add((room) => this.watchRoom(room));
  }

  list(workshopId: string): Promise<SnapshotInfo[]> {
    return this.deps.data.listSnapshots(workshopId);
  }

  /** Saves the board as it is now. */
  async record(workshopId: string, reason: string): Promise<SnapshotInfo> {
    const { data, noteCount } = await this.deps.docs.readDoc(boardRoom(workshopId), (doc) => ({
      data: Y.encodeStateAsUpdate(doc),
      noteCount: readBoard(doc).notes.length,
    }));
    // Before the await, so a change meanwhile is throttled against this snapshot.
    const at = Date.now();
    this.watch(workshopId).lastAt = at;
    const snapshot = await this.deps.data.addSnapshot(workshopId, reason, noteCount, data, at);
    this.deps.log.info({ workshop: workshopId, snapshot: snapshot.id, reason, notes: noteCount }, 'board snapshot taken');
    return snapshot;
  }

  /** Makes the live board's notes equal to a snapshot's, after saving the board as it was. */
  async restore(workshopId: string, snapshotId: number, by: string): Promise<RestoreResult | null> {
    const restored = (await this.deps.data.listSnapshots(workshopId)).find((s) => s.id === snapshotId);
    const data = restored && (await this.deps.data.snapshotData(workshopId, snapshotId));
    if (!restored || !data) return null;
    const past = new Y.Doc();
    Y.applyUpdate(past, data);
    const notes = readBoard(past).notes;
    past.destroy();
    const before = await this.record(workshopId, 'before restore');
    let counts = { deleted: 0, written: 0 };
    await this.deps.docs.transact(boardRoom(workshopId), (doc) => (counts = replaceNotes(doc, notes, serverOrigin('restore'))), 'restore');
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
      const fresh: Watch = { lastAt: null, loading: Promise.resolve(), deferred: false, timer: null, phase: null };
      // ??=: a snapshot recorded while loading is newer than what the store answered.
      fresh.loading = this.deps.data.latestSnapshotAt(workshopId).then(
        (at) => void (fresh.lastAt ??= at ?? 0),
        () => void (fresh.lastAt ??= 0),
      );
      this.watches.set(workshopId, (w = fresh));
    }
    return w;
  }

  private watchRoom(room: Room): void {
    const { workshopId, kind } = room.parsed;
    // Changes another instance accepted are saved there: one writer of a workshop's history per change.
    if (kind === 'board') room.observe((_doc, local) => local && this.boardChanged(workshopId));
    if (kind === 'control') {
      this.watch(workshopId).phase = readSession(room.doc).phase;
      room.observe((doc, local) => (local ? this.controlChanged(workshopId, doc) : (this.watch(workshopId).phase = readSession(doc).phase)));
    }
  }

  // Throttle: the first change after a quiet interval is saved at once, later ones when the interval ends.
  private boardChanged(workshopId: string): void {
    const w = this.watch(workshopId);
    if (w.timer || this.closed) return;
    if (w.lastAt === null) {
      if (!w.deferred) {
        w.deferred = true;
        void w.loading.then(() => {
          w.deferred = false;
          this.boardChanged(workshopId);
        });
      }
      return;
    }
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
    const fail = (err: unknown) => this.deps.log.error({ workshop: workshopId, reason, err }, 'board snapshot failed');
    this.deps.data
      .getWorkshop(workshopId)
      .then((w) => (w ? this.record(workshopId, reason) : null))
      .catch(fail);
  }
}
