import { useLayoutEffect, useState, type CSSProperties } from 'react';
import type { Role } from '@shared/roles';
import type { Participant, Progress, Session } from '@shared/schema/control';
import { PHASES } from '@shared/schema/phases';
import type { ServerClock } from '../session/serverClock';
import type { Follow } from '../session/useControlFollow';
import { sendDone, type MyVotes, useVoterCount } from '../session/useControlVotes';
import { TimerDisplay } from './Timer';
import './PhaseBanner.css';
import { useT } from '../i18n';

interface PhaseBannerProps {
  workshopId: string;
  token: string;
  me: { id: string; role: Role };
  session: Session;
  participants: readonly Participant[];
  progress: ReadonlyMap<string, Progress>;
  clock: ServerClock;
  follow: Follow;
  presenterName: string | null;
  /** The spotlighted note's text and a way to bring it into view, when there is one. */
  spotlight: { text: string; jump: () => void } | null;
  /** My votes (or those of the person a facilitator votes for) while voting is open. */
  votes: { mine: MyVotes | null; error: string | null; forName: string | null } | null;
  isPrivate: boolean;
}

const WIDE = 600;
const NARROWEST = 440;
const GAP = 10;

/**
 * In the top bar, between the title and the people/connection cluster, when that gap is wide
 * enough (so "fit board" sees the banner docked at the top); otherwise just below the bar.
 */
function useTopBarPlace(): CSSProperties {
  const [place, setPlace] = useState<CSSProperties>({});
  useLayoutEffect(() => {
    const measure = () => {
      const title = document.querySelector('.topbar__title')?.getBoundingClientRect();
      const right = document.querySelector('.topbar__right')?.getBoundingClientRect();
      const free = title && right ? right.left - title.right - 2 * GAP : 0;
      const next: CSSProperties =
        title && right && free >= NARROWEST
          ? { top: 8, left: title.right + GAP + Math.max(0, (free - WIDE) / 2), width: Math.min(WIDE, free), transform: 'none' }
          : {};
      setPlace((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    for (const el of document.querySelectorAll('.topbar__title, .topbar__right, .board-page')) ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return place;
}

function LockGlyph() {
  return (
    <svg width={14} height={14} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" aria-hidden="true">
      <path d="M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3" />
    </svg>
  );
}

/** What everyone sees of the session: the phase, what to do now, the timer, and the facilitator's follow and spotlight. */
export function PhaseBanner({ workshopId, token, me, session, participants, progress, clock, follow, presenterName, spotlight, votes, isPrivate }: PhaseBannerProps) {
  const { phase } = session;
  const index = PHASES.indexOf(phase);
  const myDone = progress.get(me.id)?.done === true;
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const writers = participants.filter((p) => p.role === 'participant');
  const doneCount = writers.filter((p) => progress.get(p.id)?.done).length;
  const votedCount = useVoterCount(workshopId, token, me.role === 'facilitator' && phase === 'vote') ?? 0;
  const place = useTopBarPlace();
  const { t } = useT();

  const toggleDone = async () => {
    setSending(true);
    try {
      await sendDone(workshopId, token, !myDone);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className={`phase-banner${place.top === undefined ? ' phase-banner--below' : ''}`} style={place} aria-label={t('phase.label')} data-phase={phase}>
      <div className="phase-banner__row">
        <ol className="phase-steps">
          {PHASES.map((p, i) => (
            <li key={p} className={`phase-step${i < index ? ' is-past' : ''}${p === phase ? ' is-current' : ''}`} aria-current={p === phase ? 'step' : undefined}>
              {t(`phase.name.${p}`)}
            </li>
          ))}
        </ol>
        {/* The timer belongs to a working phase: in Done there is nothing left to time. */}
        <TimerDisplay timer={phase === 'done' ? null : session.timer} clock={clock} />
      </div>
      <div className="phase-banner__row phase-banner__row--guide">
        <p className="phase-banner__guide" data-testid="phase-guidance">
          {t(`phase.guide.${phase}`)}
        </p>
        {me.role === 'participant' && phase !== 'done' && (
          <button className={`button phase-banner__done${myDone ? ' is-done' : ''}`} onClick={() => void toggleDone()} disabled={sending} aria-pressed={myDone}>
            {myDone ? `✓ ${t('phase.done')}` : t('phase.imDone')}
          </button>
        )}
        {me.role === 'facilitator' && writers.length > 0 && phase !== 'done' && (
          <span className="phase-banner__count" data-testid="phase-count">
            {phase === 'vote' ? t('phase.voted', { count: writers.length, n: votedCount }) : t('phase.doneCount', { count: writers.length, n: doneCount })}
          </span>
        )}
      </div>
      {/* Always there (empty it keeps its height), so the banner does not grow over the board's titles when a chip appears. */}
      <div className="phase-banner__notes">
        {isPrivate && <span className="chip chip--private">
            <LockGlyph /> {t('phase.private')}
          </span>}
        {votes && (
          <span className="chip chip--votes" data-testid="votes-left">
            {votes.mine ? `${votes.forName ? `${votes.forName}: ` : ''}${t('phase.votesLeft', { count: votes.mine.remaining, of: session.voting.perParticipant })}` : t('phase.loadingVotes')}
          </span>
        )}
        {votes?.error && <span className="chip chip--error">{votes.error}</span>}
        {error && <span className="chip chip--error">{error}</span>}
        {follow.presenting &&
          (follow.following ? (
            <span className="chip chip--follow">
              {t('phase.following', { name: presenterName ?? t('phase.thePresenter') })}
              <button className="chip__action" onClick={follow.stepOut}>
                {t('phase.stepOut')}
              </button>
            </span>
          ) : (
            <span className="chip">
              {t('phase.presenting', { name: presenterName ?? t('phase.thePresenter') })}
              <button className="chip__action" onClick={follow.rejoin}>
                {t('phase.follow')}
              </button>
            </span>
          ))}
        {spotlight && (
          <span className="chip chip--spotlight">
            <span className="chip__text">{t('phase.spotlight', { text: spotlight.text })}</span>
            <button className="chip__action" onClick={spotlight.jump}>
              {t('phase.showMe')}
            </button>
          </span>
        )}
      </div>
    </section>
  );
}
