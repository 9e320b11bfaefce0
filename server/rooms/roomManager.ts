import type * as Y from 'yjs';
import { controlRoom, parseRoomName } from '@shared/rooms';
import { serverOrigin } from '@shared/schema/origins';
import type { Bus } from '../bus/types';
import type { Config } from '../config';
import type { DocAccess } from '../deps';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { AsyncStore, RoomClientIdBinding } from '../store/types';
import { UpdatePipeline } from './pipeline';
import { decodePeerMessage, encodePeerMessage, roomChannel, type PeerMessage } from './peerMessages';
import { listenerCount, type PeerLink } from './peerLink';
import { Room, type RoomPeers } from './room';
import { boardPolicy, controlPolicy, draftsPolicy } from './policies';
import type { PolicyFactory } from './policy';

/** How long a gap in a room's sequence may stay open before the store is asked (a peer's message is usually just late). */
const GAP_GRACE_MS = 100;
/** How often an instance tells its peers how far the log of each room it wrote to reaches (a lost last message shows then). */
const HEAD_INTERVAL_MS = 5_000;
/** How long a room waits for the bus to confirm its subscription before it loads anyway. */
const SUBSCRIBE_WAIT_MS = 2_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

interface Held {
  link: PeerLink;
  unsubscribe: () => void;
  /** The control room a board or drafts room reads while judging writes, held loaded as long as it is. */
  control: Room | null;
  repairTimer: NodeJS.Timeout | null;
  repairing: boolean;
  gapSince: number | null;
  /** The sequence number last announced to peers. */
  announced: number;
}

/**
 * Loads each room once (also when many joins ask at the same moment), keeps it while anyone uses
 * it, and unloads it after a grace period. It links every loaded room to the other instances: it
 * subscribes to the room's bus channel before loading, so nothing falls between the stored state
 * and the live stream, and repairs gaps from the store.
 */
export class RoomManager implements DocAccess {
  readonly rooms = new Map<string, Room>();
  readonly pipeline: UpdatePipeline;
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly held = new Map<Room, Held>();
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
    gapsRepaired: () => void;
    catchUpSeconds: (s: number) => void;
  };
  private writeMs = { sum: 0, count: 0, max: 0 };
  policyFor: PolicyFactory;
  private readonly stopReconnect: () => void;
  private readonly headTimer: NodeJS.Timeout;

  constructor(
    private readonly store: AsyncStore,
    private readonly bus: Bus,
    private readonly config: Config,
    private readonly log: Logger,
    metrics: Metrics,
  ) {
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
      gapsRepaired: metrics.counter('fourpaths_bus_gaps_repaired_total', 'Gaps in a room sequence filled from the store'),
      catchUpSeconds: metrics.histogram('fourpaths_bus_catch_up_seconds', 'From noticing a gap to having filled it from the store'),
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
    // Messages may have been lost while Redis was away: every room checks the store, says how far
    // it is, and says hello again, so presence is exchanged with whoever loaded the room meanwhile.
    this.stopReconnect = bus.onReconnect(() => {
      for (const room of this.rooms.values()) {
        this.repairSoon(room, 0);
        this.announce(room, true);
        this.hello(room.name, this.held.get(room)?.link);
      }
    });
    this.headTimer = setInterval(() => {
      for (const room of this.rooms.values()) this.announce(room, false);
    }, HEAD_INTERVAL_MS);
    this.headTimer.unref();
  }

  /** The loaded room, loading it from the store if needed (concurrent callers share one load). */
  async open(name: string): Promise<Room> {
    const existing = this.rooms.get(name);
    if (existing) {
      this.cancelUnload(name);
      return existing;
    }
    let loading = this.loading.get(name);
    if (!loading) {
      loading = this.load(name).finally(() => this.loading.delete(name));
      this.loading.set(name, loading);
    }
    const room = await loading;
    this.cancelUnload(name);
    return room;
  }

  private async load(name: string): Promise<Room> {
    const parsed = parseRoomName(name);
    if (!parsed) throw new Error(`not a room name: ${name}`);
    await this.unloading.get(name);
    // Judging a board or drafts write reads the control room, synchronously: it is loaded first and held.
    const control = parsed.kind === 'control' ? null : await this.open(controlRoom(parsed.workshopId));
    if (control) control.refs++;
    let room: Room | null = null;
    const early: PeerMessage[] = [];
    const link: PeerLink = { alone: false, heard: 0 };
    let unsubscribe: () => void = () => {};
    try {
      const subscribing = this.bus.subscribe(roomChannel(name), (payload) => {
        const m = decodePeerMessage(payload, this.bus.instanceId);
        if (!m) return;
        link.alone = false;
        link.heard++;
        if (room && this.rooms.get(name) === room) this.fromPeer(room, m);
        else if (!room && early.length < 10_000) early.push(m);
      });
      // With Redis away the confirmation waits for its return; the room serves from the store
      // meanwhile, and the reconnect (which confirms the subscription) repairs what it missed.
      const confirmed = await Promise.race([subscribing, delay(SUBSCRIBE_WAIT_MS).then(() => null)]);
      unsubscribe = confirmed ?? (() => void subscribing.then((u) => u(), () => {}));
      const [doc, clientIds] = await Promise.all([this.store.loadDoc(name), this.store.loadClientIds(name)]);
      room = new Room(name, parsed, { ...doc, clientIds }, this.policyFor(parsed), this.roomLimits(), {
        store: this.store,
        pipeline: this.pipeline,
        peers: this.peersOf(name, link),
        log: this.log,
        hooks: {
          rejected: (reason) => this.count.rejected({ reason }),
          sent: (bytes, recipients) => {
            this.count.msgOut({}, recipients);
            this.count.bytesOut({}, bytes * recipients);
          },
          received: () => this.count.msgIn(),
        },
        onBroken: (r) => this.drop(r),
      });
    } catch (err) {
      unsubscribe();
      if (control) {
        control.refs--;
        this.releaseIfIdle(control);
      }
      throw err;
    }
    this.held.set(room, { link, unsubscribe, control, repairTimer: null, repairing: false, gapSince: null, announced: room.sequence.applied });
    this.rooms.set(name, room);
    for (const m of early) this.fromPeer(room, m);
    this.hello(name, link);
    for (const listener of this.onLoad) listener(room);
    this.count.loads();
    this.log.info({ room: name }, 'room loaded');
    return room;
  }

  private roomLimits() {
    const c = this.config;
    return {
      maxDocBytes: c.MAX_DOC_BYTES,
      maxAwarenessBytes: c.MAX_AWARENESS_BYTES,
      awarenessFlushMs: c.AWARENESS_FLUSH_MS,
      awarenessKeepaliveMs: c.AWARENESS_KEEPALIVE_MS,
      compactEvery: c.COMPACT_EVERY,
      maxRefusalsPerMinute: c.MAX_REFUSALS_PER_MINUTE,
      maxSyncRequestsPerMinute: c.MAX_SYNC_REQUESTS_PER_MINUTE,
      maxClientIdsPerParticipant: c.MAX_CLIENT_IDS_PER_PARTICIPANT,
    };
  }

  private peersOf(name: string, link: PeerLink): RoomPeers {
    const channel = roomChannel(name);
    const from = this.bus.instanceId;
    if (this.bus.kind === 'local') return { stored: () => {}, awareness: () => {} };
    return {
      // Updates always go out: a peer that just subscribed may be loading, and the sequence lets it see what it missed.
      stored: (seq: number, update: Uint8Array | null, bindings: readonly RoomClientIdBinding[]) =>
        this.bus.publish(channel, encodePeerMessage({ kind: 'update', from, entry: { seq, update, bindings } }), listenerCount(link)),
      awareness: (message: Uint8Array) => {
        if (!link.alone) this.bus.publish(channel, encodePeerMessage({ kind: 'awareness', from, message }), listenerCount(link));
      },
    };
  }

  /** "I hold this room now": peers answer with their people's presence, and know we listen. */
  private hello(name: string, link: PeerLink | undefined): void {
    if (this.bus.kind === 'local') return;
    this.bus.publish(roomChannel(name), encodePeerMessage({ kind: 'hello', from: this.bus.instanceId }), link && listenerCount(link));
  }

  private fromPeer(room: Room, m: PeerMessage): void {
    if (m.kind === 'awareness') return room.receivePeerAwareness(m.message);
    if (m.kind === 'hello') {
      const states = room.awareness.localSnapshot();
      if (states) this.bus.publish(roomChannel(room.name), encodePeerMessage({ kind: 'awareness', from: this.bus.instanceId, message: states }));
      return;
    }
    const gap = m.kind === 'update' ? room.receivePeer(m.entry) : room.behind(m.seq);
    if (gap) this.repairSoon(room, m.kind === 'head' ? 0 : GAP_GRACE_MS);
  }

  /** Tells peers how far this room's log reaches, when it changed (or always, after a reconnect). */
  private announce(room: Room, always: boolean): void {
    const h = this.held.get(room);
    if (!h || this.bus.kind === 'local') return;
    const seq = room.sequence.applied;
    if (!always && seq === h.announced) return;
    h.announced = seq;
    this.bus.publish(roomChannel(room.name), encodePeerMessage({ kind: 'head', from: this.bus.instanceId, seq }));
  }

  private repairSoon(room: Room, delayMs: number): void {
    const h = this.held.get(room);
    if (!h || h.repairTimer) return;
    h.gapSince ??= performance.now();
    h.repairTimer = setTimeout(() => {
      h.repairTimer = null;
      void this.repair(room, h);
    }, delayMs);
    h.repairTimer.unref();
  }

  private async repair(room: Room, h: Held): Promise<void> {
    if (h.repairing || this.rooms.get(room.name) !== room) return;
    h.repairing = true;
    try {
      const applied = await room.catchUp();
      if (applied > 0) this.count.gapsRepaired();
      if (h.gapSince !== null) this.count.catchUpSeconds((performance.now() - h.gapSince) / 1000);
      h.gapSince = null;
    } catch (err) {
      this.log.warn({ room: room.name, err }, 'catching up from the store failed; trying again');
      h.repairing = false;
      return this.repairSoon(room, 1000);
    }
    h.repairing = false;
    if (room.sequence.hasGap) this.repairSoon(room, GAP_GRACE_MS);
  }

  readDoc<T>(name: string, fn: (doc: Y.Doc) => T): Promise<T> {
    return this.readDocs([name], ([doc]) => fn(doc!));
  }

  async readDocs<T>(names: readonly string[], fn: (docs: Y.Doc[]) => T): Promise<T> {
    const rooms = await Promise.all(names.map((n) => this.open(n)));
    for (const room of rooms) room.refs++;
    try {
      return fn(rooms.map((r) => r.doc));
    } finally {
      for (const room of rooms) {
        room.refs--;
        this.releaseIfIdle(room);
      }
    }
  }

  /** Reads a room that is loaded right now, synchronously (judging a write reads its workshop's control room). */
  readLoaded<T>(name: string, fn: (doc: Y.Doc) => T): T {
    const room = this.rooms.get(name);
    if (!room) throw new Error(`room ${name} is not loaded`);
    return fn(room.doc);
  }

  async transact(name: string, fn: (doc: Y.Doc) => void, reason: string): Promise<void> {
    await this.readDoc(name, (doc) => doc.transact(() => fn(doc), serverOrigin(reason)));
  }

  flush(): Promise<void> {
    return this.pipeline.flush();
  }

  releaseIfIdle(room: Room): void {
    if (!room.isIdle || this.unloadTimers.has(room.name) || this.rooms.get(room.name) !== room) return;
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.name);
      if (room.isIdle && this.rooms.get(room.name) === room) void this.unload(room);
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

  private unload(room: Room): Promise<void> {
    this.rooms.delete(room.name);
    const done = (async () => {
      try {
        await room.unload();
      } catch (err) {
        this.log.error({ room: room.name, err }, 'final store on unload failed');
      }
      this.release(room);
      this.count.unloads();
      this.log.info({ room: room.name }, 'room unloaded');
    })().finally(() => this.unloading.delete(room.name));
    this.unloading.set(room.name, done);
    return done;
  }

  /** A room whose store write failed: forgotten at once, so the next visitor loads what is stored. */
  private drop(room: Room): void {
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    this.cancelUnload(room.name);
    this.release(room);
    room.dispose();
  }

  private release(room: Room): void {
    const h = this.held.get(room);
    if (!h) return;
    this.held.delete(room);
    h.unsubscribe();
    if (h.repairTimer) clearTimeout(h.repairTimer);
    if (h.control) {
      h.control.refs--;
      this.releaseIfIdle(h.control);
    }
  }

  /** Stores everything and unloads every room: the last step before the store closes. */
  async closeAll(): Promise<void> {
    this.stopReconnect();
    clearInterval(this.headTimer);
    await Promise.allSettled([...this.loading.values()]);
    for (const t of this.unloadTimers.values()) clearTimeout(t);
    this.unloadTimers.clear();
    await this.pipeline.flush();
    // Boards and drafts first: each holds its control room.
    const order = [...this.rooms.values()].sort((a, b) => Number(a.parsed.kind === 'control') - Number(b.parsed.kind === 'control'));
    for (const room of order) if (this.rooms.get(room.name) === room) await this.unload(room);
    await Promise.allSettled([...this.unloading.values()]);
  }
}
