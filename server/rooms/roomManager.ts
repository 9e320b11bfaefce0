import type * as Y from 'yjs';
import { parseRoomName } from '@shared/rooms';
import { serverOrigin } from '@shared/schema/origins';
import type { Config } from '../config';
import type { DocAccess } from '../deps';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Store } from '../store/types';
import { UpdatePipeline } from './pipeline';
import { Room } from './room';
import { boardPolicy, controlPolicy, draftsPolicy } from './policies';
import type { PolicyFactory } from './policy';
import { openClientIdStore, type ClientIdStore } from './admission/clientIdStore';

/** Loads each room once, keeps it while anyone uses it, and unloads it after a grace period. */
export class RoomManager implements DocAccess {
  readonly rooms = new Map<string, Room>();
  readonly pipeline: UpdatePipeline;
  private unloadTimers = new Map<string, NodeJS.Timeout>();
  /** Told of every room as it loads, so features can observe its document. */
  readonly onLoad = new Set<(room: Room) => void>();
  private readonly count: {
    loads: (l?: Record<string, string>) => void;
    unloads: () => void;
    rejected: (l: Record<string, string>) => void;
    msgIn: () => void;
    msgOut: (l?: Record<string, string>, by?: number) => void;
    bytesOut: (l?: Record<string, string>, by?: number) => void;
  };
  private writeMs = { sum: 0, count: 0, max: 0 };
  policyFor: PolicyFactory;
  private readonly clientIdStore: ClientIdStore;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly log: Logger,
    metrics: Metrics,
  ) {
    this.clientIdStore = openClientIdStore(store.db);
    const writeSeconds = metrics.histogram('fourpaths_store_write_seconds', 'Time to append one batch of updates to the store');
    this.pipeline = new UpdatePipeline(store, (ms) => {
      writeSeconds(ms / 1000);
      this.writeMs.sum += ms;
      this.writeMs.count++;
      this.writeMs.max = Math.max(this.writeMs.max, ms);
    });
    const limits = { maxNotes: config.MAX_NOTES, maxText: config.MAX_TEXT };
    this.policyFor = (room) => {
      if (room.kind === 'board') return boardPolicy(room, this, limits);
      if (room.kind === 'control') return controlPolicy();
      return draftsPolicy(room, this, limits);
    };
    this.count = {
      loads: metrics.counter('fourpaths_room_loads_total', 'Rooms loaded from the store'),
      unloads: metrics.counter('fourpaths_room_unloads_total', 'Rooms unloaded after going idle'),
      rejected: metrics.counter('fourpaths_rejected_messages_total', 'Messages or writes refused, by reason'),
      msgIn: metrics.counter('fourpaths_messages_in_total', 'WebSocket messages received'),
      msgOut: metrics.counter('fourpaths_messages_out_total', 'WebSocket messages sent'),
      bytesOut: metrics.counter('fourpaths_bytes_out_total', 'WebSocket bytes sent'),
    };
    metrics.gauge('fourpaths_rooms_loaded', 'Rooms currently in memory', () => this.rooms.size);
    metrics.gauge('fourpaths_connections', 'Open WebSocket connections', () => {
      let n = 0;
      for (const r of this.rooms.values()) n += r.conns.size;
      return n;
    });
    metrics.gauge('fourpaths_store_write_ms_avg', 'Mean store append latency (ms)', () =>
      this.writeMs.count ? this.writeMs.sum / this.writeMs.count : 0,
    );
    metrics.gauge('fourpaths_store_write_ms_max', 'Slowest store append (ms)', () => this.writeMs.max);
  }

  /** The loaded room, loading it synchronously from the store if needed (so concurrent joins load it once). */
  get(name: string): Room {
    const existing = this.rooms.get(name);
    if (existing) {
      this.cancelUnload(name);
      return existing;
    }
    const parsed = parseRoomName(name);
    if (!parsed) throw new Error(`not a room name: ${name}`);
    const room = new Room(
      name,
      parsed,
      this.store,
      this.pipeline,
      this.policyFor(parsed),
      {
        maxDocBytes: this.config.MAX_DOC_BYTES,
        maxAwarenessBytes: this.config.MAX_AWARENESS_BYTES,
        awarenessFlushMs: this.config.AWARENESS_FLUSH_MS,
        awarenessKeepaliveMs: this.config.AWARENESS_KEEPALIVE_MS,
        compactEvery: this.config.COMPACT_EVERY,
        maxRefusalsPerMinute: this.config.MAX_REFUSALS_PER_MINUTE,
        maxSyncRequestsPerMinute: this.config.MAX_SYNC_REQUESTS_PER_MINUTE,
        maxClientIdsPerParticipant: this.config.MAX_CLIENT_IDS_PER_PARTICIPANT,
      },
      this.log,
      {
        rejected: (reason) => this.count.rejected({ reason }),
        sent: (bytes, recipients) => {
          this.count.msgOut({}, recipients);
          this.count.bytesOut({}, bytes * recipients);
        },
        received: () => this.count.msgIn(),
      },
      this.clientIdStore,
    );
    this.rooms.set(name, room);
    for (const listener of this.onLoad) listener(room);
    this.count.loads();
    this.log.info({ room: name }, 'room loaded');
    return room;
  }

  readDoc<T>(name: string, fn: (doc: Y.Doc) => T): T {
    const room = this.get(name);
    room.refs++;
    try {
      return fn(room.doc);
    } finally {
      room.refs--;
      this.releaseIfIdle(room);
    }
  }

  transact(name: string, fn: (doc: Y.Doc) => void, reason: string): void {
    this.readDoc(name, (doc) => doc.transact(() => fn(doc), serverOrigin(reason)));
  }

  flush(): void {
    this.pipeline.flush();
  }

  releaseIfIdle(room: Room): void {
    if (!room.isIdle || this.unloadTimers.has(room.name)) return;
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.name);
      if (room.isIdle && this.rooms.get(room.name) === room) this.unload(room);
    }, this.config.ROOM_IDLE_MS);
    timer.unref();
    this.unloadTimers.set(room.name, timer);
  }

  private cancelUnload(name: string): void {
    const t = this.unloadTimers.get(name);
    if (t) {
      clearTimeout(t);
      this.unloadTimers.delete(name);
    }
  }

  private unload(room: Room): void {
    this.rooms.delete(room.name);
    try {
      room.unload();
    } catch (err) {
      this.log.error({ room: room.name, err }, 'final store on unload failed');
    }
    this.count.unloads();
    this.log.info({ room: room.name }, 'room unloaded');
  }

  /** Flushes and unloads every room: the last step before the store closes. */
  closeAll(): void {
    for (const t of this.unloadTimers.values()) clearTimeout(t);
    this.unloadTimers.clear();
    this.pipeline.flush();
    for (const room of [...this.rooms.values()]) this.unload(room);
  }
}
