// The load generator: a child process of the bench running many light clients that speak the
// y-websocket protocol directly, send cursors, and count what they receive. Driven over IPC.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { awarenessMessage, emptySyncStep1, scan, sentAt } from './wire';
import { addressed, authMessage, unaddressed } from './hocuspocusWire';
import { wallMs } from './stats';
import type { LightSpec, LoadCommand, LoadReply, LoadStats } from './loadgenTypes';

const COLORS = ['#e11d48', '#2563eb', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];

class LightClient {
  ws: WebSocket;
  clock = 0;
  sends = 0;
  updates = 0;
  entries = 0;
  closedWith: number | null = null;
  readonly lastClock = new Map<number, number>();
  private x = Math.random() * 2 - 1;
  private y = Math.random() * 2 - 1;
  private timer: NodeJS.Timeout | null = null;
  readonly synced: Promise<boolean>;

  constructor(
    readonly spec: LightSpec,
    private readonly peers: Set<number>,
    private readonly latencies: number[] | null,
  ) {
    this.ws = new WebSocket(spec.url, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.synced = new Promise((resolve) => {
      this.ws.once('open', () => {
        if (spec.document !== undefined) this.ws.send(authMessage(spec.document, 'bench'));
        this.send(emptySyncStep1());
        this.sendCursor();
      });
      this.ws.once('close', (code) => {
        this.closedWith = code;
        this.stop();
        resolve(false);
      });
      this.ws.once('error', () => resolve(false));
      this.ws.on('message', (data: Buffer) => {
        if (this.receive(data)) resolve(true);
      });
    });
  }

  /** Counts a message; true when it completed the initial sync. */
  private receive(data: Buffer): boolean {
    const self = this.spec.clientId;
    const buf = this.spec.document === undefined ? data : unaddressed(data);
    const r = scan(buf, (clientId, clock, start, end) => {
      if (clientId === self) return;
      this.entries++;
      this.lastClock.set(clientId, clock);
      if (this.latencies && this.peers.has(clientId)) {
        const t = sentAt(buf, start, end);
        if (t !== null) this.latencies.push(wallMs() - t);
      }
    });
    if (r.kind === 'update') this.updates++;
    return r.kind === 'synced';
  }

  start(hz: number): void {
    const period = 1000 / hz;
    this.timer = setTimeout(() => {
      this.timer = setInterval(() => this.sendCursor(), period);
      this.sendCursor();
    }, Math.random() * period);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private sendCursor(): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.x = Math.max(-1, Math.min(1, this.x + (Math.random() - 0.5) * 0.05));
    this.y = Math.max(-1, Math.min(1, this.y + (Math.random() - 0.5) * 0.05));
    const s = this.spec;
    const state = {
      user: { id: s.participantId, name: s.name, color: COLORS[s.clientId % COLORS.length], role: 'participant' },
      cursor: { x: Math.round(this.x * 1000) / 1000, y: Math.round(this.y * 1000) / 1000 },
      t: Math.round(wallMs() * 100) / 100,
    };
    this.send(awarenessMessage(s.clientId, ++this.clock, JSON.stringify(state)));
    this.sends++;
  }

  private send(message: Uint8Array): void {
    this.ws.send(this.spec.document === undefined ? message : addressed(this.spec.document, message));
  }
}

let clients: LightClient[] = [];
let latencies: number[] | null = null;
let cpuAtStart = process.cpuUsage();
let eluAtStart = performance.eventLoopUtilization();
let wallAtStart = performance.now();
let load = { cpu: 0, elu: 0 };

function reply(message: LoadReply): void {
  process.send!(message);
}

async function connect(specs: LightSpec[], measure: boolean): Promise<void> {
  latencies = measure ? [] : null;
  const byGroup = new Map<string, Set<number>>();
  for (const s of specs) {
    if (!byGroup.has(s.group)) byGroup.set(s.group, new Set());
    byGroup.get(s.group)!.add(s.clientId);
  }
  // Open in small waves, as people arrive, rather than as one burst of handshakes.
  const opened: Array<Promise<boolean>> = [];
  for (let i = 0; i < specs.length; i += 25) {
    const wave = specs.slice(i, i + 25).map((s) => new LightClient(s, byGroup.get(s.group)!, latencies));
    clients.push(...wave);
    opened.push(...wave.map((c) => c.synced));
    await Promise.all(wave.map((c) => c.synced));
  }
  const ok = (await Promise.all(opened)).filter(Boolean).length;
  reply({ type: 'connected', synced: ok, failed: specs.length - ok });
}

function stats(): LoadStats {
  const finalClock = new Map(clients.map((c) => [c.spec.clientId, c.clock]));
  const groupOf = new Map<string, LightClient[]>();
  for (const c of clients) {
    if (!groupOf.has(c.spec.group)) groupOf.set(c.spec.group, []);
    groupOf.get(c.spec.group)!.push(c);
  }
  let stale = 0;
  let pairs = 0;
  for (const group of groupOf.values()) {
    for (const receiver of group) {
      if (receiver.closedWith !== null) continue;
      for (const sender of group) {
        if (sender === receiver) continue;
        pairs++;
        if (receiver.lastClock.get(sender.spec.clientId) !== finalClock.get(sender.spec.clientId)) stale++;
      }
    }
  }
  const closes: Record<string, number> = {};
  for (const c of clients) if (c.closedWith !== null) closes[c.closedWith] = (closes[c.closedWith] ?? 0) + 1;
  return {
    clients: clients.length,
    sends: clients.reduce((n, c) => n + c.sends, 0),
    entries: clients.reduce((n, c) => n + c.entries, 0),
    updates: clients.reduce((n, c) => n + c.updates, 0),
    finalStatePairs: pairs,
    finalStateStale: stale,
    closes,
    latencies: latencies ?? [],
    cpuPercent: load.cpu,
    eventLoopUtilization: load.elu,
  };
}

process.on('message', (raw: LoadCommand) => {
  switch (raw.type) {
    case 'connect':
      void connect(raw.clients, raw.measure);
      return;
    case 'start':
      for (const c of clients) {
        c.sends = 0;
        c.entries = 0;
        c.updates = 0;
        c.start(raw.hz);
      }
      if (latencies) latencies.length = 0;
      cpuAtStart = process.cpuUsage();
      eluAtStart = performance.eventLoopUtilization();
      wallAtStart = performance.now();
      reply({ type: 'started' });
      return;
    case 'stop': {
      for (const c of clients) c.stop();
      const used = process.cpuUsage(cpuAtStart);
      const wallUs = (performance.now() - wallAtStart) * 1000;
      load = { cpu: (100 * (used.user + used.system)) / wallUs, elu: performance.eventLoopUtilization(eluAtStart).utilization };
      reply({ type: 'stopped', sends: clients.reduce((n, c) => n + c.sends, 0) });
      return;
    }
    case 'stats':
      reply({ type: 'stats', stats: stats() });
      return;
    case 'close':
      for (const c of clients) c.ws.terminate();
      clients = [];
      reply({ type: 'closed' });
      return;
  }
});
process.on('disconnect', () => process.exit(0));
