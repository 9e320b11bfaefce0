import type { Database } from 'better-sqlite3';

export interface VoteRules {
  perParticipant: number;
  severalPerNote: boolean;
}

export interface MyVotes {
  spent: number;
  notes: Record<string, number>;
}

export type CastResult = { ok: true; mine: MyVotes } | { ok: false; problem: string };

function prepare(db: Database) {
  return {
    spent: db.prepare<[string, string], { n: number | null }>('SELECT SUM(count) AS n FROM votes WHERE workshop_id = ? AND participant_id = ?'),
    count: db.prepare<[string, string, string], { count: number }>(
      'SELECT count FROM votes WHERE workshop_id = ? AND participant_id = ? AND note_id = ?',
    ),
    upsert: db.prepare<[string, string, string]>(
      `INSERT INTO votes (workshop_id, participant_id, note_id, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (workshop_id, participant_id, note_id) DO UPDATE SET count = count + 1`,
    ),
    decrement: db.prepare<[string, string, string]>('UPDATE votes SET count = count - 1 WHERE workshop_id = ? AND participant_id = ? AND note_id = ?'),
    dropEmpty: db.prepare<[string, string, string]>('DELETE FROM votes WHERE workshop_id = ? AND participant_id = ? AND note_id = ? AND count <= 0'),
    mine: db.prepare<[string, string], { note_id: string; count: number }>(
      'SELECT note_id, count FROM votes WHERE workshop_id = ? AND participant_id = ? AND count > 0',
    ),
    totalFor: db.prepare<[string, string], { total: number | null }>('SELECT SUM(count) AS total FROM votes WHERE workshop_id = ? AND note_id = ?'),
    voters: db.prepare<[string], { n: number }>('SELECT COUNT(DISTINCT participant_id) AS n FROM votes WHERE workshop_id = ? AND count > 0'),
    totals: db.prepare<[string], { note_id: string; total: number }>(
      'SELECT note_id, SUM(count) AS total FROM votes WHERE workshop_id = ? GROUP BY note_id HAVING total > 0',
    ),
  };
}

type Cast = (workshopId: string, participantId: string, noteId: string, delta: 1 | -1, rules: VoteRules) => CastResult;

/**
 * Who voted for what lives only here, in SQLite (the votes table); the control room
 * receives per-note totals. Each cast is checked and counted in one transaction.
 */
export class VoteBook {
  private readonly q: ReturnType<typeof prepare>;
  private readonly castTx: Cast;

  constructor(db: Database) {
    this.q = prepare(db);
    const tx = db.transaction<Cast>((workshopId, participantId, noteId, delta, rules) => {
      const spent = this.q.spent.get(workshopId, participantId)?.n ?? 0;
      const onNote = this.q.count.get(workshopId, participantId, noteId)?.count ?? 0;
      if (delta === 1) {
        if (spent >= rules.perParticipant) return { ok: false, problem: `all ${rules.perParticipant} votes are spent; take one back first` };
        if (!rules.severalPerNote && onNote >= 1) return { ok: false, problem: 'one vote per note in this workshop' };
        this.q.upsert.run(workshopId, participantId, noteId);
      } else {
        if (onNote <= 0) return { ok: false, problem: 'there is no vote on this note to take back' };
        this.q.decrement.run(workshopId, participantId, noteId);
        this.q.dropEmpty.run(workshopId, participantId, noteId);
      }
      return { ok: true, mine: this.mine(workshopId, participantId) };
    });
    // IMMEDIATE: the budget read and the increment cannot interleave with another writer of the file.
    this.castTx = (...args) => tx.immediate(...args);
  }

  /** Adds or takes back one vote, refusing what the rules do not allow. */
  cast(workshopId: string, participantId: string, noteId: string, delta: 1 | -1, rules: VoteRules): CastResult {
    return this.castTx(workshopId, participantId, noteId, delta, rules);
  }

  mine(workshopId: string, participantId: string): MyVotes {
    const notes: Record<string, number> = {};
    let spent = 0;
    for (const r of this.q.mine.all(workshopId, participantId)) {
      notes[r.note_id] = r.count;
      spent += r.count;
    }
    return { spent, notes };
  }

  /** How many people have at least one vote standing: for the facilitator only, never published. */
  voterCount(workshopId: string): number {
    return this.q.voters.get(workshopId)?.n ?? 0;
  }

  totalFor(workshopId: string, noteId: string): number {
    return this.q.totalFor.get(workshopId, noteId)?.total ?? 0;
  }

  totals(workshopId: string): Map<string, number> {
    return new Map(this.q.totals.all(workshopId).map((r) => [r.note_id, r.total]));
  }
}
