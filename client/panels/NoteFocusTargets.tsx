import { memo, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { inReadingOrder } from '@shared/placement';
import type { Note } from '@shared/schema/board';
import type { Wording } from '@shared/schema/wording';
import type { BoardCommands } from '../session/boardCommands';
import { byAuthor, noteLabel, type NoteVotes } from '../session/noteLabel';
import type { SelectionStore } from '../session/selectionStore';
import { useT } from '../i18n';

interface NoteFocusTargetsProps {
  notes: readonly Note[];
  selection: SelectionStore;
  commands: BoardCommands;
  votesOf: (id: string) => NoteVotes;
  canEdit: boolean;
  authorOf: (participantId: string) => string | null;
  /** The workshop's own names for the paths, for each note's name and the keys help. */
  wording: Wording;
}

const HELP_ID = 'note-keys-help';

/**
 * One real, visually hidden button per note: what keyboard focus and screen readers land on
 * while the canvas draws the note and its focus ring. Only one is in the Tab order (roving
 * focus); Tab and Shift+Tab step through notes in reading order (see keymap.ts).
 */
export function NoteFocusTargets({ notes, selection, commands, votesOf, canEdit, authorOf, wording }: NoteFocusTargetsProps) {
  const { selectedId, focused } = useSyncExternalStore(selection.subscribe, selection.get);
  const group = useRef<HTMLDivElement>(null);
  const { t } = useT();
  const names = wording.paths;
  const firstInReadingOrder = useMemo(() => inReadingOrder(notes)[0]?.id ?? null, [notes]);
  // Tab into the board lands on the selected note, else on the first one in reading order.
  const current = selectedId && notes.some((n) => n.id === selectedId) ? selectedId : firstInReadingOrder;

  // Keyboard commands move the selection; real focus follows it.
  useEffect(() => {
    if (!focused || !selectedId) return;
    const el = group.current?.querySelector<HTMLElement>(`[data-note-focus="${CSS.escape(selectedId)}"]`);
    if (el && document.activeElement !== el) el.focus({ preventScroll: true });
  }, [focused, selectedId, notes]);

  return (
    <div ref={group} className="visually-hidden" role="group" aria-label={t('board.notesOnCanvas')}>
      <p id={HELP_ID}>
        {canEdit
          ? t('board.keysHelp', { cv: names['collective-values'].name, pr: names['product-resonance'].name, tech: names.technology.name, sb: names['social-business'].name, unplaced: t('paths.unplaced') })
          : t('board.keysHelpReadOnly')}
      </p>
      {notes.map((n) => (
        <FocusTarget key={n.id} note={n} label={noteLabel(n, votesOf(n.id), wording)} author={authorOf(n.authorId)} tabbable={n.id === current} selection={selection} commands={commands} />
      ))}
    </div>
  );
}

interface FocusTargetProps {
  note: Note;
  label: string;
  author: string | null;
  tabbable: boolean;
  selection: SelectionStore;
  commands: BoardCommands;
}

const FocusTarget = memo(function FocusTarget({ note, label, author, tabbable, selection, commands }: FocusTargetProps) {
  return (
    <button
      type="button"
      data-note-focus={note.id}
      tabIndex={tabbable ? 0 : -1}
      aria-label={label}
      aria-describedby={author ? `${HELP_ID}-author-${note.id} ${HELP_ID}` : HELP_ID}
      onFocus={() => selection.focus(note.id)}
      onBlur={() => selection.focus(null)}
      // Screen readers in browse mode send a click for Enter: edit, as Enter does in focus mode.
      onClick={() => commands.edit(note.id)}
    >
      {author && <span id={`${HELP_ID}-author-${note.id}`}>{byAuthor(author)}.</span>}
    </button>
  );
});
