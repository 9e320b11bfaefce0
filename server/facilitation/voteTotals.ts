import { controlRoom } from '@shared/rooms';
import { readSession } from '@shared/schema/control';
import { totalsVisible } from '@shared/schema/sessionRules';
import type { ServerDeps } from '../deps';

/** Fewest people whose votes one publication of the live totals combines. */
const MIN_VOTERS = 2;

interface Batch {
  /** Voter → note → net change since the last publication. */
  net: Map<string, Map<string, number>>;
  timer: NodeJS.Timeout;
}

/**
 * Live vote totals, published in batches so a change cannot be tied to one person's activity:
 * while a vote is open, totals are written at most once per interval, and only once at least
 * two people's votes changed them (net) since the last time. A closed vote publishes at once.
 */
export class VoteTotalsBatcher {
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly deps: ServerDeps,
    private readonly publishTotals: (workshopId: string) => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  /** Notes a stored vote; the totals follow when the batch is due. */
  voted(workshopId: string, voter: string, noteId: string, delta: number): void {
    let batch = this.batches.get(workshopId);
    if (!batch) {
      batch = { net: new Map(), timer: this.schedule(workshopId) };
      this.batches.set(workshopId, batch);
    }
    const mine = batch.net.get(voter) ?? new Map<string, number>();
    mine.set(noteId, (mine.get(noteId) ?? 0) + delta);
    batch.net.set(voter, mine);
  }

  close(): void {
    for (const b of this.batches.values()) clearTimeout(b.timer);
    this.batches.clear();
  }

  private schedule(workshopId: string): NodeJS.Timeout {
    const timer = setTimeout(() => void this.due(workshopId), this.intervalMs);
    timer.unref();
    return timer;
  }

  private async due(workshopId: string): Promise<void> {
    const batch = this.batches.get(workshopId);
    if (!batch) return;
    try {
      const session = await this.deps.docs.readDoc(controlRoom(workshopId), readSession);
      const voters = [...batch.net.values()].filter((notes) => [...notes.values()].some((n) => n !== 0)).length;
      const open = session.phase === 'vote';
      // Hidden totals: the facilitator's "show" publishes them all at once later; nothing to do now.
      if (open && totalsVisible(session) && voters > 0 && voters < MIN_VOTERS) {
        batch.timer = this.schedule(workshopId);
        return;
      }
      this.batches.delete(workshopId);
      if (!open || (totalsVisible(session) && voters > 0)) {
        this.publishTotals(workshopId).catch((err: unknown) => this.deps.log.error({ workshop: workshopId, err }, 'publishing vote totals failed'));
      }
    } catch (err) {
      this.batches.delete(workshopId);
      this.deps.log.error({ workshop: workshopId, err }, 'publishing vote totals failed');
    }
  }
}
