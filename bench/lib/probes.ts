import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { createNote, dragNote, notesOf } from '@shared/schema/board';
import { sendOwnAwarenessOnly } from '../../client/session/awarenessFilter';
import type { Awareness } from 'y-protocols/awareness';
import type { Seat } from './api';
import { openHocuspocusProvider } from './hocuspocus';
import type { Target } from './servers';
import { waitFor, wallMs } from './stats';

/** What a probe needs of its provider; y-websocket's and Hocuspocus's both have it. */
interface ProbeProvider {
  readonly awareness: Awareness;
  readonly synced: boolean;
  destroy(): void;
}

/** A real client (y-websocket with our client's own-awareness-only filter, or Hocuspocus's provider) that measures latency. */
export interface Probe {
  doc: Y.Doc;
  provider: ProbeProvider;
  seat: Seat;
  /** Which of the group's targets (instances) it is connected to. */
  instance: number;
  noteId: string | null;
  moves: number;
  cursorSends: number;
  movesSeen: number;
}

export function openProvider(target: Target, room: string, token: string, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(target.wsBase, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

export function whenSynced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (s: boolean) => s && resolve());
  });
}

function ownAwarenessOnly(provider: WebsocketProvider): WebsocketProvider {
  sendOwnAwarenessOnly(provider as never);
  return provider;
}

/**
 * A few probes in one room: `movers` of them drag a note each, all of them send cursors.
 * Every probe records how long others' moves and cursors took to reach it (same clock).
 * Given several targets (instances of one cluster), probe i connects to target i mod n, and
 * latencies between probes on different instances are also kept apart.
 */
export class ProbeGroup {
  readonly probes: Probe[];
  readonly moveLatency: number[] = [];
  readonly cursorLatency: number[] = [];
  readonly crossMoveLatency: number[] = [];
  readonly crossCursorLatency: number[] = [];
  private readonly moveSentAt = new Map<string, { at: number; instance: number }>();
  private timers: NodeJS.Timeout[] = [];
  /** Probe client id → instance. */
  private readonly ids = new Map<number, number>();

  constructor(
    targets: Target | readonly Target[],
    room: string,
    seats: Seat[],
    private readonly movers: number,
  ) {
    const list: readonly Target[] = 'kind' in targets ? [targets] : targets;
    this.probes = seats.map((seat, i) => {
      const doc = new Y.Doc();
      const instance = i % list.length;
      const target = list[instance]!;
      // Hocuspocus's provider already sends only its own awareness.
      const provider = target.kind === 'hocuspocus' ? openHocuspocusProvider(target, room, doc) : ownAwarenessOnly(openProvider(target, room, seat.token, doc));
      this.ids.set(doc.clientID, instance);
      return { doc, provider, seat, instance, noteId: null, moves: 0, cursorSends: 0, movesSeen: 0 };
    });
    for (const p of this.probes) this.listen(p);
  }

  private listen(p: Probe): void {
    notesOf(p.doc).observeDeep((events) => {
      for (const e of events) {
        if (e.transaction.local || !(e instanceof Y.YMapEvent) || !e.keysChanged.has('x')) continue;
        const sent = this.moveSentAt.get(`${String(e.path[0])}|${String(e.target.get('x'))}`);
        if (sent === undefined) continue;
        const latency = wallMs() - sent.at;
        this.moveLatency.push(latency);
        if (sent.instance !== p.instance) this.crossMoveLatency.push(latency);
        p.movesSeen++;
      }
    });
    const awareness = p.provider.awareness;
    const lastSeen = new Map<number, number>();
    awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
      if (origin === 'local') return;
      for (const id of [...added, ...updated]) {
        const from = this.ids.get(id);
        if (id === p.doc.clientID || from === undefined) continue;
        const t = (awareness.getStates().get(id) as { t?: number } | undefined)?.t;
        if (typeof t !== 'number' || lastSeen.get(id) === t) continue;
        lastSeen.set(id, t);
        const latency = wallMs() - t;
        this.cursorLatency.push(latency);
        if (from !== p.instance) this.crossCursorLatency.push(latency);
      }
    });
  }

  async synced(timeoutMs = 60_000): Promise<boolean> {
    return waitFor(() => this.probes.every((p) => p.provider.synced), timeoutMs);
  }

  /** Each mover creates its note; resolves once every probe has every note. */
  async placeNotes(): Promise<boolean> {
    this.probes.slice(0, this.movers).forEach((p, i) => {
      p.noteId = createNote(p.doc, { text: `Moving note ${i + 1}`, x: 0, y: 0, authorId: p.seat.participantId });
    });
    return waitFor(() => this.probes.every((p) => notesOf(p.doc).size >= this.movers), 30_000);
  }

  start(cursorHz: number, moveHz: number): void {
    for (const samples of [this.moveLatency, this.cursorLatency, this.crossMoveLatency, this.crossCursorLatency]) samples.length = 0;
    for (const p of this.probes) {
      p.moves = 0;
      p.cursorSends = 0;
      p.movesSeen = 0;
      this.every(1000 / cursorHz, () => {
        p.cursorSends++;
        p.provider.awareness.setLocalState({
          user: { id: p.seat.participantId, name: 'Probe', color: '#0f766e', role: 'participant' },
          cursor: { x: Math.round(Math.random() * 2000 - 1000) / 1000, y: Math.round(Math.random() * 2000 - 1000) / 1000 },
          t: Math.round(wallMs() * 100) / 100,
        });
      });
      if (!p.noteId) continue;
      const id = p.noteId;
      this.every(1000 / moveHz, () => {
        // Positions never repeat within a run, so a position names the move that made it.
        const x = -0.9 + ((p.moves * 7 + 1) % 1800) / 1000;
        const y = -0.9 + (p.moves % 1800) / 1000;
        p.moves++;
        this.moveSentAt.set(`${id}|${String(x)}`, { at: wallMs(), instance: p.instance });
        dragNote(p.doc, id, x, y);
      });
    }
  }

  private every(ms: number, fn: () => void): void {
    const first = setTimeout(() => {
      fn();
      this.timers.push(setInterval(fn, ms));
    }, Math.random() * ms);
    this.timers.push(first);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  get movesMade(): number {
    return this.probes.reduce((n, p) => n + p.moves, 0);
  }

  /** Moves each probe should have seen: everyone's but its own. */
  get movesExpected(): number {
    return this.probes.reduce((n, p) => n + this.movesMade - p.moves, 0);
  }

  get movesSeen(): number {
    return this.probes.reduce((n, p) => n + p.movesSeen, 0);
  }

  get cursorSends(): number {
    return this.probes.reduce((n, p) => n + p.cursorSends, 0);
  }

  destroy(): void {
    this.stop();
    for (const p of this.probes) {
      p.provider.destroy();
      p.doc.destroy();
    }
  }
}
