import { useSyncExternalStore } from 'react';
import { isOnFence } from '@shared/matrix';
import type { Note } from '@shared/schema/board';
import { matrixToScreen, NOTE_H, NOTE_W } from '../canvas/geometry';
import type { ViewportStore } from '../canvas/viewportStore';
import type { VoteState } from '../session/useControlVotes';
import './VoteDots.css';
import { useT } from '../i18n';

interface VoteDotsProps {
  notes: readonly Note[];
  viewport: ViewportStore;
  /** Published totals (empty while the facilitator keeps them hidden). */
  totals: ReadonlyMap<string, number>;
  /** My votes and how to cast them, while voting is open to me; null otherwise. */
  voting: VoteState | null;
  severalPerNote: boolean;
  /** During Discuss: tag the notes on the fence, the ones the group is asked to talk about. */
  markFence: boolean;
}

const shorten = (text: string, empty: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text || empty);

/** Vote buttons and badges laid over the notes on screen: my dots on each note, and totals once they are public. */
export function VoteDots({ notes, viewport, totals, voting, severalPerNote, markFence }: VoteDotsProps) {
  const vp = useSyncExternalStore(viewport.subscribe, viewport.get);
  const size = useSyncExternalStore(viewport.subscribe, viewport.getSize);
  const { t, locale } = useT();
  if (!voting && totals.size === 0 && !markFence) return null;
  const w = NOTE_W * vp.zoom;
  const h = NOTE_H * vp.zoom;
  // Buttons stay inside their note: a note too small to hold them shows totals only.
  const coarse = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
  const roomForButtons = w >= (coarse ? 100 : 56);
  const mine = voting?.mine;

  const anyOnScreen = notes.some((note) => {
    const c = matrixToScreen(vp, note);
    return c.x > 0 && c.x < size.width && c.y > 0 && c.y < size.height;
  });

  return (
    <div className="vote-dots" aria-label={t('votes.label')}>
      {voting && mine && !roomForButtons && anyOnScreen && <p className="vote-dots__hint">{t('votes.zoomIn')}</p>}
      {notes.map((note) => {
        const c = matrixToScreen(vp, note);
        if (c.x + w / 2 < 0 || c.x - w / 2 > size.width || c.y + h / 2 < 0 || c.y - h / 2 > size.height) return null;
        const total = totals.get(note.id) ?? 0;
        const fence = markFence && isOnFence(note.x, note.y);
        const count = mine?.notes[note.id] ?? 0;
        const canAdd = !!mine && mine.remaining > 0 && (severalPerNote || count === 0) && !voting?.busy;
        return (
          <div key={note.id} className="vote-dots__note" style={{ left: c.x + w / 2, top: c.y + h / 2, maxWidth: w - 8 }}>
            {fence && (
              <span className="vote-fence" title={t('votes.fenceTitle')} data-testid={`fence-${note.id}`}>
                {t('votes.fence')}
              </span>
            )}
            {total > 0 && (
              <span className="vote-total" title={t('votes.total', { count: total, n: new Intl.NumberFormat(locale).format(total) })} data-testid={`vote-total-${note.id}`}>
                {new Intl.NumberFormat(locale).format(total)}
              </span>
            )}
            {/* aria-disabled, not disabled: a disabled button drops keyboard focus right after the last vote. */}
            {voting && mine && roomForButtons && (
              <span className={`vote-mine${count > 0 ? ' has-votes' : ''}`}>
                {count > 0 && (
                  <button className="vote-mine__button" onClick={() => voting.busy || void voting.cast(note.id, -1)} aria-disabled={voting.busy} aria-label={t('list.takeBackFrom', { note: shorten(note.text, t('votes.thisNote')) })}>
                    −
                  </button>
                )}
                {Array.from({ length: count }, (_, i) => (
                  <span key={i} className="vote-mine__dot" aria-hidden="true" />
                ))}
                <button className="vote-mine__button" onClick={() => canAdd && void voting.cast(note.id, 1)} aria-disabled={!canAdd} aria-label={t('list.voteFor', { note: shorten(note.text, t('votes.thisNote')) })}>
                  +
                </button>
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
