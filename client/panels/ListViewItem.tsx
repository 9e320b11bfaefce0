import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { COLOR_KEYS, PALETTE } from '@shared/palette';
import { placementOf, type Placement } from '@shared/matrix';
import { READING_ORDER } from '@shared/placement';
import { MAX_TEXT, type Note } from '@shared/schema/board';
import type { BoardCommands } from '../session/boardCommands';
import { noteLabel, placementName, shortText, votesLabel, type NoteVotes } from '../session/noteLabel';
import type { VoteState } from '../session/useControlVotes';
import { COLOR_NAMES } from './colorNames';
import { ListViewMenu } from './ListViewMenu';

export interface ItemFocus {
  id: string;
  control: 'move' | 'edit' | 'vote';
}

interface ListViewItemProps {
  note: Note;
  votes: NoteVotes;
  commands: BoardCommands;
  voting: VoteState | null;
  severalPerNote: boolean;
  pendingFocus: MutableRefObject<ItemFocus | null>;
  onDeleted: () => void;
}

/** One note in the list: its text, path and votes, and every command the canvas offers for it. */
export function ListViewItem({ note, votes, commands, voting, severalPerNote, pendingFocus, onDeleted }: ListViewItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.text);
  const controls = useRef<Partial<Record<ItemFocus['control'], HTMLElement | null>>>({});
  const mayChange = commands.mayChange(note);
  const short = shortText(note.text, 40);
  const placement = placementOf(note.x, note.y);

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

  const mine = voting?.mine ? (voting.mine.notes[note.id] ?? 0) : null;
  const canAdd = !!voting?.mine && voting.mine.remaining > 0 && (severalPerNote || mine === 0);

  return (
    <li className="list-note" aria-label={noteLabel(note, votes)} style={{ borderLeftColor: PALETTE[note.color] }}>
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
            aria-label={`Text of “${short}”`}
            value={draft}
            maxLength={MAX_TEXT}
            autoFocus
            onChange={(e) => setDraft(e.target.value.slice(0, MAX_TEXT))}
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
            Save
          </button>
          <button type="button" className="list-button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <p className="list-note__text">{note.text || <span className="muted">Empty note</span>}</p>
      )}
      <p className="list-note__meta" aria-hidden="true">
        {placementName(placement)}
        {votesLabel(votes) && ` · ${votesLabel(votes)}`}
        {note.locked && ' · locked'}
      </p>
      {(mayChange || voting?.mine) && !editing && (
        <div className="list-note__actions">
          {mayChange && (
            <>
              <ListViewMenu
                label="Move to…"
                name={`Move to… “${short}”`}
                choices={READING_ORDER.map((p) => ({ key: p, label: placementName(p), current: p === placement }))}
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
                aria-label={`Edit “${short}”`}
                onClick={() => {
                  setDraft(note.text);
                  setEditing(true);
                }}
              >
                Edit
              </button>
              <ListViewMenu
                label="Colour"
                name={`Colour of “${short}”`}
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
                aria-label={`Delete “${short}”`}
                onClick={() => {
                  onDeleted();
                  commands.deleteNote(note.id);
                }}
              >
                Delete
              </button>
            </>
          )}
          {voting?.mine && (
            <>
              {/* aria-disabled, not disabled: a disabled button would drop keyboard focus after the last vote. */}
              <button
                ref={(el) => {
                  controls.current.vote = el;
                }}
                type="button"
                className="list-button list-button--vote"
                aria-label={`Vote for “${short}”`}
                aria-disabled={!canAdd || voting.busy}
                onClick={() => void commands.vote(note.id, 1)}
              >
                Vote
              </button>
              {mine !== null && mine > 0 && (
                <button type="button" className="list-button" aria-label={`Take back a vote from “${short}”`} onClick={() => void commands.vote(note.id, -1)}>
                  Take back
                </button>
              )}
            </>
          )}
        </div>
      )}
    </li>
  );
}
