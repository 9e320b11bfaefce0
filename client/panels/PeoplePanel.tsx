import { useState } from 'react';
import type { Participant, Progress } from '@shared/schema/control';
import type { Phase } from '@shared/schema/phases';
import { removeParticipant } from '../api/workshops';
import { useT } from '../i18n';

interface PeoplePanelProps {
  workshopId: string;
  token: string;
  me: { id: string };
  participants: readonly Participant[];
  progress: ReadonlyMap<string, Progress>;
  phase: Phase;
}

/** Who is in the workshop, their progress, and removing someone (after a confirmation). */
export function PeoplePanel({ workshopId, token, me, participants, progress, phase }: PeoplePanelProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { t } = useT();
  const writers = participants.filter((p) => p.role === 'participant');
  const others = participants.filter((p) => p.id !== me.id);

  const remove = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      await removeParticipant(workshopId, id, token);
      setConfirming(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : t('people.removeFailed'));
    } finally {
      setBusy(false);
    }
  };

  if (others.length === 0) return <p className="fac-hint">{t('people.nobody')}</p>;
  return (
    <>
      {phase !== 'done' && writers.length > 0 && (
        <p className="fac-hint">
          {t('phase.doneCount', { count: writers.length, n: writers.filter((p) => progress.get(p.id)?.done).length })}
        </p>
      )}
      <ul className="fac-people" data-testid="facilitator-people">
        {others.map((p) => {
          const pr = progress.get(p.id);
          const tag = p.role === 'participant' ? null : t(`people.role.${p.role}`);
          if (confirming === p.id) {
            return (
              <li key={p.id} className="fac-people__confirm">
                <span className="fac-people__name">{t('people.confirm', { name: p.name })}</span>
                <button className="button button--danger" disabled={busy} onClick={() => void remove(p.id)}>
                  {t('people.remove')}
                </button>
                <button className="button" disabled={busy} onClick={() => setConfirming(null)}>
                  {t('common.cancel')}
                </button>
              </li>
            );
          }
          return (
            <li key={p.id}>
              <span className="fac-people__name">{p.name}</span>
              {tag && <span className="fac-people__count">{tag}</span>}
              {p.role === 'participant' && phase === 'collect' && <span className="fac-people__count">{t('people.ready', { count: pr?.drafts ?? 0 })}</span>}
              {p.role === 'participant' && <span className={`fac-people__done${pr?.done ? ' is-done' : ''}`}>{pr?.done ? `✓ ${t('people.done')}` : ''}</span>}
              <button className="fac-people__remove" aria-label={t('people.removeName', { name: p.name })} title={t('people.removeName', { name: p.name })} onClick={() => setConfirming(p.id)}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="fac-hint fac-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
