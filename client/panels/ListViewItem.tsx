import { memo, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { COLOR_KEYS, PALETTE } from '@shared/palette';
import { placementOf, type Placement } from '@shared/matrix';
import { READING_ORDER } from '@shared/placement';
import type { Note } from '@shared/schema/board';
import { fitNoteText } from '@shared/schema/note';
import type { Wording } from '@shared/schema/wording';
import type { BoardCommands } from '../session/boardCommands';
import { byAuthor, noteLabel, placementName, shortText, votesLabel } from '../session/noteLabel';
import { COLOR_NAMES } from './colorNames';
import { ListViewMenu } from './ListViewMenu';
import { useT } from '../i18n';
import { useLimits } from '../session/limits';

export interface ItemFocus {
  id: string;
  control: 'move' | 'edit' | 'vote';
}

interface ListViewItemProps {
  note: Note;
  /** Published total, or null while hidden (primitives, so an unchanged note skips rendering). */
  total: number | null;
  /** My votes on it while voting is open to me, else null. */
  mine: number | null;
  /** Whether one more vote for it would be accepted now. */
  canAdd: boolean;
  mayChange: boolean;
  /** Who wrote it; null when notes are anonymous or the author is unknown. */
  author: string | null;
  /** The workshop's own names for the paths (one object until they change, so the memo holds). */
  wording: Wording;
  commands: BoardCommands;
  pendingFocus: MutableRefObject<ItemFocus | null>;
  onDeleted: (id: string) => void;
}

/**
 * One note in the list: its text, path and votes, and every command the canvas offers for it.
 * Memoised: a change to one note re-renders one item, not the whole list.
 */
export const ListViewItem = memo(function ListViewItem({ note, total, mine, canAdd, mayChange, author, wording, commands, pendingFocus, onDeleted }: ListViewItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.text);
  const controls = useRef<Partial<Record<ItemFocus['control'], HTMLElement | null>>>({});
  const votes = { total, mine };
  const short = shortText(note.text, 40);
  const placement = placementOf(note.x, note.y);
  const { t } = useT();
  const limits = useLimits();

  // After a move the item remounts in its new section: give focus back to the control that was used.
  useEffect(() => {
    const want = pendingFocus.current;
    if (want?.id !== note.id) return;
    const el = controls.current[want.control];
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  });

  const move = (key: string) => {
    pendingFocus.current = { id: note.id, control: 'move' };
    commands.moveTo(note.id, key as Placement);
  };

  return (
    <li className="list-note" aria-label={noteLabel(note, votes, wording)} aria-describedby={author ? `list-author-${note.id}` : undefined} style={{ borderLeftColor: PALETTE[note.color] }}>
      {editing ? (
        <form
          className="list-note__edit"
          onSubmit={(e) => {
            e.preventDefault();
            commands.setText(note.id, draft);
            setEditing(false);
            pendingFocus.current = { id: note.id, control: 'edit' };
          }}
        >
          <textarea
            aria-label={t('list.textOf', { note: short })}
            value={draft}
            maxLength={limits.maxText}
            autoFocus
            onChange={(e) => setDraft(fitNoteText(e.target.value, limits))}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setEditing(false);
                pendingFocus.current = { id: note.id, control: 'edit' };
              } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <button type="submit" className="list-button list-button--primary">
            {t('common.save')}
          </button>
          <button type="button" className="list-button" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <p className="list-note__text">{note.text || <span className="muted">{t('note.empty')}</span>}</p>
      )}
      <p className="list-note__meta" aria-hidden="true">
        {placementName(placement, wording)}
        {votesLabel(votes) && ` · ${votesLabel(votes)}`}
        {note.locked && ` · ${t('list.locked')}`}
      </p>
      {author && (
        <p className="list-note__meta" id={`list-author-${note.id}`}>
          {byAuthor(author)}
        </p>
      )}
      {(mayChange || mine !== null) && !editing && (
        <div className="list-note__actions">
          {mayChange && (
            <>
              <ListViewMenu
                label={t('list.moveTo')}
                name={t('list.moveToNote', { note: short })}
                choices={READING_ORDER.map((p) => ({ key: p, label: placementName(p, wording), current: p === placement }))}
                onChoose={move}
                buttonRef={(el) => {
                  controls.current.move = el;
                }}
              />
              <button
                ref={(el) => {
                  controls.current.edit = el;
                }}
                type="button"
                className="list-button"
                aria-label={t('list.editNote', { note: short })}
                onClick={() => {
                  setDraft(note.text);
                  setEditing(true);
                }}
              >
                {t('toolbar.edit')}
              </button>
              <ListViewMenu
                label={t('toolbar.colour')}
                name={t('list.colourOf', { note: short })}
                choices={COLOR_KEYS.map((c) => ({
                  key: c,
                  label: COLOR_NAMES[c],
                  current: c === note.color,
                  mark: <span className="swatch" style={{ background: PALETTE[c] }} aria-hidden="true" />,
                }))}
                onChoose={(c) => commands.setColor(note.id, c as (typeof COLOR_KEYS)[number])}
              />
              <button
                type="button"
                className="list-button list-button--danger"
                aria-label={t('list.deleteNote', { note: short })}
                onClick={() => {
                  onDeleted(note.id);
                  commands.deleteNote(note.id);
                }}
              >
                {t('toolbar.delete')}
              </button>
            </>
          )}
          {mine !== null && (
            <>
              {/* aria-disabled, not disabled: a disabled button would drop keyboard focus after the last vote. */}
              <button
                ref={(el) => {
                  controls.current.vote = el;
                }}
                type="button"
                className="list-button list-button--vote"
                aria-label={t('list.voteFor', { note: short })}
                aria-disabled={!canAdd}
                onClick={() => void commands.vote(note.id, 1)}
              >
                {t('list.vote')}
              </button>
              {mine > 0 && (
                <button type="button" className="list-button" aria-label={t('list.takeBackFrom', { note: short })} onClick={() => void commands.vote(note.id, -1)}>
                  {t('list.takeBack')}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </li>
  );
});
