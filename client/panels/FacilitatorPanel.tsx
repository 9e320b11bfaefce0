import { useEffect, useState } from 'react';
import type { Note } from '@shared/schema/board';
import { nextPhase, previousPhase } from '@shared/schema/phases';
import { isTimerRunning, timerRemaining, TIMER_MAX_MS } from '@shared/schema/timer';
import { VOTES_MAX } from '@shared/schema/sessionRules';
import type { ServerClock } from '../session/serverClock';
import type { ControlSnapshot } from '../session/controlStore';
import type { SessionCommands } from '../session/useControl';
import { LinksPanel } from './LinksPanel';
import { PeoplePanel } from './PeoplePanel';
import { WordingPanel } from './WordingPanel';
import { RunAgain } from './RunAgain';
import './FacilitatorPanel.css';
import { useT } from '../i18n';

interface FacilitatorPanelProps {
  workshopId: string;
  /** The facilitator's session token, for removing people and renewing links. */
  token: string;
  commands: SessionCommands;
  control: ControlSnapshot;
  /** The board's notes, for the ranking. */
  notes: readonly Note[];
  selected: Note | undefined;
  me: { id: string };
  writeAs: string | null;
  onWriteAs: (participantId: string | null) => void;
  clock: ServerClock;
  /** For "Run again with another group". */
  workshop?: { id: string; token: string };
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="fac-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

const shorten = (text: string, empty: string, n = 60) => (text.length > n ? `${text.slice(0, n - 1)}…` : text || empty);

/** Every control a facilitator has over the session, in the order a workshop uses them. */
export function FacilitatorPanel({ workshopId, token, commands, control, notes, selected, me, writeAs, onWriteAs, clock, workshop }: FacilitatorPanelProps) {
  // On a phone the panel would cover the board: it starts folded there.
  const [open, setOpen] = useState(() => !window.matchMedia('(max-width: 640px)').matches);
  const { t, locale } = useT();
  const phaseName = (p: string) => t(`phase.name.${p}`);
  const { session, participants, progress, votes } = control;
  const { phase, timer, voting } = session;
  const back = previousPhase(phase);
  const next = nextPhase(phase);
  const people = participants.filter((p) => p.role !== 'viewer' && p.id !== me.id);
  const running = isTimerRunning(timer);
  const [minutes, setMinutes] = useState(() => String((timer?.durationMs ?? 300_000) / 60_000));
  useEffect(() => {
    if (timer) setMinutes(String(Math.round((timer.durationMs / 60_000) * 10) / 10));
  }, [timer?.durationMs]);

  const byId = new Map(notes.map((n) => [n.id, n]));
  const ranking = [...votes].filter(([id]) => byId.has(id)).sort((a, b) => b[1] - a[1]).slice(0, 10);
  const started = timer && (running || (timer.pausedRemainingMs !== null && timerRemaining(timer, clock.now()) !== timer.durationMs));

  const applyMinutes = () => {
    const value = Number(minutes.replace(',', '.'));
    if (!Number.isFinite(value) || value <= 0) return;
    const ms = Math.min(TIMER_MAX_MS, Math.max(1000, Math.round(value * 60_000)));
    // Leaving the field unchanged must not reset a running timer.
    if (ms !== timer?.durationMs) commands.setTimerLength(ms);
  };

  return (
    <aside className={`fac-panel${open ? '' : ' is-closed'}`} aria-label={t('fac.label')}>
      <button className="fac-panel__toggle" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        <span>{t('topbar.facilitator')}</span>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
      </button>
      {open && (
        <div className="fac-panel__body">
          <Section title={t('fac.phase', { phase: phaseName(phase) })}>
            <div className="fac-row">
              <button className="button" disabled={!back} onClick={() => back && commands.setPhase(back)}>
                ← {back ? phaseName(back) : t('fac.back')}
              </button>
              <button className="button button--primary fac-grow" disabled={!next} onClick={() => next && commands.setPhase(next)}>
                {phase === 'collect' ? t('fac.reveal', { phase: phaseName('place') }) : next ? `${phaseName(next)} →` : t('fac.finished')}
              </button>
            </div>
            {phase === 'collect' && <p className="fac-hint">{t('fac.revealHint')}</p>}
          </Section>

          {ranking.length > 0 && (
            <Section title={t('fac.mostVotes')}>
              <ol className="fac-ranking" data-testid="vote-ranking">
                {ranking.map(([id, total]) => (
                  <li key={id}>
                    <span className="fac-ranking__total">{new Intl.NumberFormat(locale).format(total)}</span>
                    <span className="fac-ranking__text">{shorten(byId.get(id)!.text, t('summaryPanel.emptyNote'))}</span>
                  </li>
                ))}
              </ol>
            </Section>
          )}

          <Section title={t('fac.people')}>
            <PeoplePanel workshopId={workshopId} token={token} me={me} participants={participants} progress={progress} phase={phase} />
          </Section>

          <Section title={t('fac.timer')}>
            <div className="fac-row">
              <label className="fac-field">
                <span>{t('fac.minutes')}</span>
                <input type="number" min={0.5} max={240} step={0.5} value={minutes} onChange={(e) => setMinutes(e.target.value)} onBlur={applyMinutes} onKeyDown={(e) => e.key === 'Enter' && applyMinutes()} />
              </label>
              <button className="button" onClick={applyMinutes}>
                {t('fac.set')}
              </button>
            </div>
            <div className="fac-row">
              {running ? (
                <button className="button fac-grow" onClick={() => commands.pauseTimer()}>
                  {t('fac.pause')}
                </button>
              ) : (
                <button className="button button--primary fac-grow" onClick={() => commands.startTimer()} disabled={!clock.isMeasured}>
                  {started ? t('fac.resume') : t('fac.start')}
                </button>
              )}
              <button className="button" onClick={() => commands.addMinute()} disabled={!timer || !clock.isMeasured}>
                {t('fac.addMinute')}
              </button>
              <button className="button" onClick={() => commands.resetTimer()} disabled={!timer}>
                {t('fac.reset')}
              </button>
            </div>
            <label className="fac-check">
              <input type="checkbox" checked={timer?.autoAdvance === true} onChange={(e) => commands.setAutoAdvance(e.target.checked)} />
              {t('fac.autoAdvance')}
            </label>
          </Section>

          <Section title={t('fac.board')}>
            <label className="fac-check">
              <input type="checkbox" checked={session.locked} onChange={(e) => commands.lockBoard(e.target.checked)} />
              {t('fac.lockBoard')}
            </label>
            <label className="fac-check">
              <input type="checkbox" checked={session.anonymous} onChange={(e) => commands.setAnonymous(e.target.checked)} />
              {t('fac.anonymous')}
            </label>
            <p className="fac-hint">{selected ? t('fac.selected', { note: shorten(selected.text, t('summaryPanel.emptyNote'), 40) }) : t('fac.selectHint')}</p>
            <div className="fac-row">
              <button className="button" disabled={!selected} onClick={() => selected && commands.lockNote(selected.id, !selected.locked)}>
                {selected?.locked ? t('fac.unlockNote') : t('fac.lockNote')}
              </button>
              <button className="button" disabled={!selected} onClick={() => selected && commands.spotlight(selected.id)}>
                {t('fac.spotlightNote')}
              </button>
            </div>
            {session.spotlightNoteId && (
              <button className="button fac-wide" onClick={() => commands.spotlight(null)}>
                {t('fac.clearSpotlight')}
              </button>
            )}
            {session.follow && session.presenterId === me.id ? (
              <button className="button fac-wide" onClick={() => commands.releaseFollow()}>
                {t('fac.release')}
              </button>
            ) : (
              <button className="button fac-wide" onClick={() => commands.presentAs(me.id)}>
                {t('fac.bringAll')}
              </button>
            )}
          </Section>

          <Section title={t('fac.voting')}>
            <label className="fac-field fac-field--inline">
              <span>{t('fac.votesPer')}</span>
              <input
                type="number"
                min={1}
                max={VOTES_MAX}
                value={voting.perParticipant}
                onChange={(e) => {
                  const n = Math.round(Number(e.target.value));
                  if (n >= 1 && n <= VOTES_MAX) commands.setVoting({ perParticipant: n });
                }}
              />
            </label>
            <label className="fac-check">
              <input type="checkbox" checked={voting.severalPerNote} onChange={(e) => commands.setVoting({ severalPerNote: e.target.checked })} />
              {t('fac.severalPerNote')}
            </label>
            <label className="fac-check">
              <input type="checkbox" checked={voting.totalsVisible} onChange={(e) => commands.setVoting({ totalsVisible: e.target.checked })} />
              {t('fac.showTotals')}
            </label>
            {ranking.length === 0 && <p className="fac-hint">{phase === 'vote' && !voting.totalsVisible ? t('fac.totalsLater') : t('summaryPanel.noVotes')}</p>}
          </Section>

          <Section title={t('fac.inviteLinks')}>
            <LinksPanel workshopId={workshopId} token={token} />
          </Section>

          <Section title={t('fac.writeFor')}>
            <select className="fac-select" aria-label={t('fac.writeFor')} value={writeAs ?? ''} onChange={(e) => onWriteAs(e.target.value || null)}>
              <option value="">{t('fac.myself')}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <p className="fac-hint">{t('fac.writeForHint')}</p>
          </Section>

          <Section title={t('fac.wording')}>
            <WordingPanel stored={control.wording} onUse={(overrides) => commands.setWording(overrides)} />
          </Section>
          {workshop && <Section title={t('fac.anotherGroup')}><RunAgain workshopId={workshop.id} token={workshop.token} /></Section>}
        </div>
      )}
    </aside>
  );
}
