import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { QUADRANTS } from '@shared/matrix';
import { PALETTE } from '@shared/palette';
import type { Role } from '@shared/roles';
import { readBoard } from '@shared/schema/board';
import { totalsHiddenFrom } from '@shared/schema/sessionRules';
import { QUADRANT_ACCENT, QUADRANT_TINT } from '@shared/palette';
import { computeSummary } from '@shared/summary/compute';
import type { Language } from '@shared/i18n/catalogs';
import { percent, placementName } from '@shared/summary/format';
import { SUMMARY_FORMATS } from '@shared/summary/formats';
import type { Summary } from '@shared/summary/types';
import './SummaryPanel.css';
import { useT } from '../i18n';
import { fetchWorkshop } from '../api/workshops';
import type { ControlStore } from '../session/controlStore';
import { useControl } from '../session/useControl';

export interface SummaryPanelProps {
  workshopId: string;
  token: string;
  board: Y.Doc;
  control: ControlStore;
  onClose: () => void;
}

// Recomputing a 5,000-note summary takes tens of milliseconds: at most twice a second while notes move.
const REFRESH_MS = 500;
const TOP_SHOWN = 5;

function liveSummary(workshopId: string, board: Y.Doc, control: ControlStore, role: Role | null, language: Language): Summary {
  const { session, participants, votes, wording } = control.get();
  return computeSummary({
    workshop: { id: workshopId, title: '', createdAt: 0 },
    board: readBoard(board),
    participants,
    votes,
    // Same rule as the server's export: until we know the role, assume totals are not ours to see.
    votesHidden: totalsHiddenFrom(session, role ?? 'viewer'),
    generatedAt: Date.now(),
    timeZone: localTimeZone(),
    wording,
    anonymous: session.anonymous,
    language,
  });
}

function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Recomputes the summary when the board or the control room changes, throttled. */
function useLiveSummary(workshopId: string, board: Y.Doc, control: ControlStore, role: Role | null, language: Language): Summary {
  const [summary, setSummary] = useState(() => liveSummary(workshopId, board, control, role, language));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const refresh = () => {
      timer = null;
      last = Date.now();
      setSummary(liveSummary(workshopId, board, control, role, language));
    };
    const schedule = () => {
      if (timer) return;
      timer = setTimeout(refresh, Math.max(0, REFRESH_MS - (Date.now() - last)));
    };
    refresh();
    board.on('update', schedule);
    const unsubscribe = control.subscribe(schedule);
    return () => {
      board.off('update', schedule);
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [workshopId, board, control, role, language]);
  return summary;
}

/** The caller's role, asked of the server once: it decides whether vote totals may be shown. */
function useRole(workshopId: string, token: string): Role | null {
  const [role, setRole] = useState<Role | null>(null);
  useEffect(() => {
    let live = true;
    fetchWorkshop(workshopId, token)
      .then((w) => live && setRole(w.role))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [workshopId, token]);
  return role;
}

/** The session summary, live while the session runs, with downloads of every export format. */
export function SummaryPanel({ workshopId, token, board, control, onClose }: SummaryPanelProps) {
  const role = useRole(workshopId, token);
  const { t, language, locale } = useT();
  const summary = useLiveSummary(workshopId, board, control, role, language);
  const phase = useControl(control, (s) => s.session.phase);
  const query = `token=${encodeURIComponent(token)}&tz=${encodeURIComponent(summary.timeZone)}&lang=${language}`;
  const num = (n: number) => new Intl.NumberFormat(locale).format(n);
  const top = summary.topVoted.slice(0, TOP_SHOWN);
  // Discuss asks the group to talk about the notes on the fence: list them while it runs.
  const fence = phase === 'discuss' ? summary.toDiscuss.filter((d) => d.reasons.includes('on-fence')).map((d) => d.note) : [];

  return (
    <aside className="panel summary-panel" aria-labelledby="summary-panel-title" data-testid="summary-panel">
      <header className="summary-panel__header">
        <h2 id="summary-panel-title">{t('summaryPanel.title')}</h2>
        <button className="summary-panel__close" onClick={onClose} aria-label={t('summaryPanel.close')}>
          ×
        </button>
      </header>

      <p className="summary-panel__totals">
        {t('summaryPanel.notes', { count: summary.totals.notes, n: num(summary.totals.notes) })} · {t('summaryPanel.placed', { count: summary.totals.placed, n: num(summary.totals.placed) })} ·{' '}
        {t('summaryPanel.unplaced', { count: summary.totals.unplaced, n: num(summary.totals.unplaced) })}
        {summary.votesHidden ? '' : ` · ${t('summaryPanel.votes', { count: summary.totals.votes, n: num(summary.totals.votes) })}`}
      </p>
      {summary.notices.map((n) => (
        <p key={n} className="summary-panel__notice" role="status">
          {n}
        </p>
      ))}

      <section className="summary-panel__download-section">
        <h3>{t('summaryPanel.download')}</h3>
        <div className="summary-panel__downloads">
          {SUMMARY_FORMATS.map((format) => (
            <a key={format} className="summary-panel__download" href={`/api/workshops/${encodeURIComponent(workshopId)}/summary.${format}?${query}`} download>
              {t(`formats.${format}`)}
            </a>
          ))}
        </div>
      </section>

      <div className="summary-panel__matrix" role="list" aria-label={t('summaryPanel.perPath')}>
        {QUADRANTS.map((q) => {
          const path = summary.paths[q];
          return (
            <div key={q} role="listitem" className="summary-panel__path" style={{ background: QUADRANT_TINT[q], borderColor: QUADRANT_ACCENT[q] }} data-quadrant={q}>
              <span className="summary-panel__path-name">{path.name}</span>
              <span className="summary-panel__path-count">{num(path.count)}</span>
              <span className="summary-panel__path-share">{t('summaryPanel.ofPlaced', { share: percent(path.share, language) })}</span>
            </div>
          );
        })}
      </div>

      <section>
        <h3>{t('summaryPanel.balance')}</h3>
        <p className="summary-panel__balance" style={{ borderLeftColor: QUADRANT_ACCENT['collective-values'] }} data-testid="summary-balance">
          {summary.balance.sentence}
        </p>
      </section>

      <section>
        <h3>{t('summaryPanel.topVotes')}</h3>
        {summary.votesHidden ? (
          <p className="summary-panel__empty">{t('summaryPanel.votesHidden')}</p>
        ) : top.length === 0 ? (
          <p className="summary-panel__empty">{t('summaryPanel.noVotes')}</p>
        ) : (
          <ol className="summary-panel__top">
            {top.map((n) => (
              <li key={n.id}>
                <span className="summary-panel__chip" style={{ background: PALETTE[n.color] }} aria-hidden="true" />
                <span className="summary-panel__note">
                  <span className="summary-panel__note-text">{n.text.trim() || t('summaryPanel.emptyNote')}</span>
                  <span className="summary-panel__note-meta">{placementName(n.placement, summary)}</span>
                </span>
                <span className="summary-panel__votes" aria-label={t('summaryPanel.votes', { count: n.votes, n: num(n.votes) })}>
                  {num(n.votes)}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      {fence.length > 0 && (
        <section>
          <h3>{t('votes.fence')}</h3>
          <ul className="summary-panel__top">
            {fence.map((n) => (
              <li key={n.id}>
                <span className="summary-panel__chip" style={{ background: PALETTE[n.color] }} aria-hidden="true" />
                <span className="summary-panel__note">
                  <span className="summary-panel__note-text">{n.text.trim() || t('summaryPanel.emptyNote')}</span>
                  <span className="summary-panel__note-meta">{n.fenceBetween.map((q) => placementName(q, summary)).join(' / ')}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {summary.toDiscuss.length > 0 && (
        <p className="summary-panel__discuss">
          {t('summaryPanel.toDiscuss', { count: summary.toDiscuss.length, n: num(summary.toDiscuss.length) })}
        </p>
      )}

    </aside>
  );
}
