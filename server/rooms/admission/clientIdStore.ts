import type { Database } from 'better-sqlite3';

/** Which participant first wrote under each Yjs client id of a room, kept across restarts. */
export interface ClientIdStore {
  load(room: string): Map<number, string>;
  bind(room: string, clientId: number, participantId: string): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS client_ids (
  room TEXT NOT NULL, client_id INTEGER NOT NULL, participant_id TEXT NOT NULL, bound_at INTEGER NOT NULL,
  PRIMARY KEY (room, client_id)
) WITHOUT ROWID;
`;

export function openClientIdStore(db: Database): ClientIdStore {
  db.exec(SCHEMA);
  const q = {
    load: db.prepare<[string], { client_id: number; participant_id: string }>('SELECT client_id, participant_id FROM client_ids WHERE room = ?'),
    // OR IGNORE: the first binding wins, even if two rooms objects raced to write it.
    bind: db.prepare('INSERT OR IGNORE INTO client_ids (room, client_id, participant_id, bound_at) VALUES (?, ?, ?, ?)'),
  };
  return {
    load: (room) => new Map(q.load.all(room).map((r) => [r.client_id, r.participant_id])),
    bind: (room, clientId, participantId) => void q.bind.run(room, clientId, participantId, Date.now()),
  };
}
