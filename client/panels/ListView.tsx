import { useCallback, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { placementOf, type Placement } from '@shared/matrix';
import { inReadingOrder, READING_ORDER } from '@shared/placement';
import type { Note } from '@shared/schema/board';
import type { Wording } from '@shared/schema/wording';
import type { BoardCommands } from '../session/boardCommands';
import { placementName, type NoteVotes } from '../session/noteLabel';
import { ListViewItem, type ItemFocus } from './ListViewItem';
import type { VoteState } from '../session/useControlVotes';
import './ListView.css';
import { useT } from '../i18n';

interface ListViewProps {
  notes: readonly Note[];
  commands: BoardCommands;
  votesOf: (id: string) => NoteVotes;
  /** My votes while voting is open to me; null otherwise. */
  voting: VoteState | null;
  severalPerNote: boolean;
  authorOf: (participantId: string) => string | null;
  /** The workshop's own names for the paths. */
  wording: Wording;
  onClose: () => void;
}

/** On a phone the list starts under the top bar and the phase banner, however tall the banner is now (its text wraps). */
function useTopClearOfBanner(): CSSProperties | undefined {
  const [top, setTop] = useState<number | null>(null);
  useLayoutEffect(() => {
    const measure = () => {
      const boxes = [...document.querySelectorAll('.topbar, .phase-banner')].map((el) => el.getBoundingClientRect().bottom);
      setTop(boxes.length ? Math.ceil(Math.max(...boxes)) + 8 : null);
    };
    measure();
    const ro = new ResizeObserver(measure);
    for (const el of document.querySelectorAll('.topbar, .phase-banner, .board-page')) ro.observe(el);
    // The banner comes and goes with the control room: watch for it, not only its size.
    const mo = new MutationObserver(() => {
      for (const el of document.querySelectorAll('.phase-banner')) ro.observe(el);
      measure();
    });
    const page = document.querySelector('.board-page');
    if (page) mo.observe(page, { childList: true });
    return () => {
      ro.disconnect();
      mo.disconnect();
    };
  }, []);
  return top === null ? undefined : ({ '--list-top': `${top}px` } as CSSProperties);
}

/**
 * The board as a list, beside the canvas and in sync with it: a heading per path, each note
 * with the same commands as on the canvas. The natural view for screen readers and phones.
 */
export function ListView({ notes, commands, votesOf, voting, severalPerNote, authorOf, wording, onClose }: ListViewProps) {
  const groups = useMemo(() => {
    const by = new Map<Placement, Note[]>(READING_ORDER.map((p) => [p, []]));
    for (const n of inReadingOrder(notes)) by.get(placementOf(n.x, n.y))!.push(n);
    return by;
  }, [notes]);
  // Which control of which note takes focus once it re-renders (after a move, in its new section).
  const pendingFocus = useRef<ItemFocus | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const latestGroups = useRef(groups);
  latestGroups.current = groups;
  // After a delete, focus goes to the next note in the same path (or the previous, or the heading).
  const onDeleted = useCallback((id: string) => {
    const items = [...latestGroups.current.values()].find((g) => g.some((n) => n.id === id)) ?? [];
    const i = items.findIndex((n) => n.id === id);
    const next = items[i + 1] ?? items[i - 1];
    if (next) pendingFocus.current = { id: next.id, control: 'move' };
    else heading.current?.focus();
  }, []);
  const top = useTopClearOfBanner();
  const { t } = useT();
  const remaining = voting?.mine?.remaining ?? 0;
  const busy = voting?.busy ?? false;

  return (
    <section className="list-view" style={top} aria-labelledby="list-view-title" data-testid="list-view">
      <div className="list-view__head">
        <h2 id="list-view-title" ref={heading} tabIndex={-1}>
          {t('list.title')}
        </h2>
        <button type="button" className="list-button" onClick={onClose}>
          {t('list.close')}
        </button>
      </div>
      {READING_ORDER.map((p) => {
        const items = groups.get(p)!;
        const id = `list-path-${p}`;
        return (
          // Headings, not nested landmarks: one region per path would crowd the landmark list.
          <div key={p} className={`list-view__path list-view__path--${p}`}>
            <h3 id={id}>
              {placementName(p, wording)} <span className="list-view__count">({items.length})</span>
            </h3>
            {items.length === 0 ? (
              <p className="list-view__empty">{t('list.empty')}</p>
            ) : (
              <ul>
                {items.map((n) => {
                  const v = votesOf(n.id);
                  return (
                    <ListViewItem
                      key={n.id}
                      note={n}
                      total={v.total}
                      mine={v.mine}
                      canAdd={v.mine !== null && remaining > 0 && !busy && (severalPerNote || v.mine === 0)}
                      mayChange={commands.mayChange(n)}
                      author={authorOf(n.authorId)}
                      wording={wording}
                      commands={commands}
                      pendingFocus={pendingFocus}
                      onDeleted={onDeleted}
                    />
                  );
                })}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}
