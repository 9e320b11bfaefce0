import { controlRoom } from '@shared/rooms';
import { readSession, updateSession, type Session } from '@shared/schema/control';
import { nextPhase } from '@shared/schema/phases';
import { isTimerRunning, resetTimer, timerRemaining } from '@shared/schema/timer';
import { serverOrigin } from '@shared/schema/origins';
import type { ServerDeps } from '../deps';

interface Scheduled {
  timer: NodeJS.Timeout;
  /** The timer value this was scheduled for; any change to it cancels the advance. */
  key: string;
}

/** Moves a workshop to its next phase when a timer with auto-advance reaches zero, on the server's clock. */
export class AutoAdvance {
  private readonly scheduled = new Map<string, Scheduled>();

  constructor(private readonly deps: ServerDeps) {}

  /** Called with each session state; (re)schedules or cancels as the timer requires. */
  update(workshopId: string, session: Session): void {
    const { timer, phase } = session;
    const wanted = timer && isTimerRunning(timer) && timer.autoAdvance === true && nextPhase(phase) !== null;
    const key = JSON.stringify([timer, phase]);
    const current = this.scheduled.get(workshopId);
    if (current?.key === key) return;
    this.cancel(workshopId);
    if (!wanted) return;
    const wait = Math.max(0, timerRemaining(timer, Date.now()));
    const handle = setTimeout(() => void this.fire(workshopId, key), wait);
    handle.unref();
    this.scheduled.set(workshopId, { timer: handle, key });
  }

  close(): void {
    for (const s of this.scheduled.values()) clearTimeout(s.timer);
    this.scheduled.clear();
  }

  private cancel(workshopId: string): void {
    const s = this.scheduled.get(workshopId);
    if (s) clearTimeout(s.timer);
    this.scheduled.delete(workshopId);
  }

  private async fire(workshopId: string, key: string): Promise<void> {
    this.scheduled.delete(workshopId);
    try {
      const session = await this.deps.docs.readDoc(controlRoom(workshopId), readSession);
      if (JSON.stringify([session.timer, session.phase]) !== key || !session.timer) return;
      const left = timerRemaining(session.timer, Date.now());
      if (left > 0) return this.update(workshopId, session);
      const next = nextPhase(session.phase);
      if (!next) return;
      // Every instance holding the workshop has this timer; the store lets exactly one of them advance it.
      if (!(await this.deps.data.claimOnce(`advance:${workshopId}:${key}`))) return;
      await this.deps.docs.transact(
        controlRoom(workshopId),
        (doc) => updateSession(doc, { phase: next, timer: resetTimer(session.timer!) }, serverOrigin('timer')),
        'timer',
      );
      this.deps.log.info({ workshop: workshopId, from: session.phase, to: next }, 'timer ran out; phase advanced');
    } catch (err) {
      this.deps.log.error({ workshop: workshopId, err }, 'auto-advance failed');
    }
  }
}
