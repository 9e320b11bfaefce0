// Messages between the bench and its load-generator child.

export interface LightSpec {
  /** Full WebSocket URL: server, room and token. */
  url: string;
  clientId: number;
  participantId: string;
  name: string;
  /** Clients in one group share a room: they expect each other's cursors. */
  group: string;
  /** Set for Hocuspocus: speak its framing, with this document name on every message. */
  document?: string;
}

export type LoadCommand =
  | { type: 'connect'; clients: LightSpec[]; measure: boolean }
  | { type: 'start'; hz: number }
  | { type: 'stop' }
  | { type: 'stats' }
  | { type: 'close' };

export interface LoadStats {
  clients: number;
  /** Cursor states sent since start. */
  sends: number;
  /** Cursor states of other clients received since start. */
  entries: number;
  /** Document updates received since start. */
  updates: number;
  /** Receiver–sender pairs in one room, and how many of them ended without the sender's last state. */
  finalStatePairs: number;
  finalStateStale: number;
  closes: Record<string, number>;
  /** Cursor latencies (ms) between light clients of one room, when measured. */
  latencies: number[];
  /** The generator's own CPU (% of one core) and event-loop utilisation while sending. */
  cpuPercent: number;
  eventLoopUtilization: number;
}

export type LoadReply =
  | { type: 'connected'; synced: number; failed: number }
  | { type: 'started' }
  | { type: 'stopped'; sends: number }
  | { type: 'stats'; stats: LoadStats }
  | { type: 'closed' };
