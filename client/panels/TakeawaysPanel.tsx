import { useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { Note } from '@shared/schema/board';
import { COMMENT_KINDS, MAX_OWNER, type CommentKind } from '@shared/schema/comments';
import { addComment, deleteComment } from '@shared/schema/commentCommands';
import { updateSession, type Participant, type Session } from '@shared/schema/control';
import type { Role } from '@shared/roles';
import './TakeawaysPanel.css';
import { useT } from '../i18n';
import { useLimits } from '../session/limits';
import { fitNoteText } from '@shared/schema/note';

// A note's takeaways (decisions, actions, open questions, remarks), written during Discuss.

interface TakeawaysPanelProps {
  note: Note;
  board: Y.Doc;
  control: Y.Doc;
  session: Session;
  participants: readonly Participant[];
  role: Role;
  participantId: string;
  onClose: () => void;
}

/** Whether this person may write takeaways now; the server checks the same rule on every write. */
function mayWriteTakeaways(session: Session, role: Role, noteLocked: boolean): boolean {
  if (session.phase !== 'discuss' || role === 'viewer') return false;
  // A participant's write to a locked board or note is refused like any other.
  return role === 'facilitator' || (session.takeawaysOpen && !session.locked && !noteLocked);
}

export function TakeawaysPanel({ note, board, control, session, participants, role, participantId, onClose }: TakeawaysPanelProps) {
  const names = useMemo(() => new Map(participants.map((p) => [p.id, p.name])), [participants]);
  const { t } = useT();
  const nameOf = (id: string) => (id === participantId ? t('takeaways.you') : (names.get(id) ?? t('takeaways.someoneLeft')));
  const kindName = (k: CommentKind) => t(`takeaways.kind.${k}`);
  const [kind, setKind] = useState<CommentKind>('decision');
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const canWrite = mayWriteTakeaways(session, role, note.locked);
  const limits = useLimits();

  const add = (e: React.FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    addComment(board, note.id, { kind, text: fitNoteText(text, limits), authorId: participantId, owner: kind === 'action' ? owner : null });
    setText('');
    setOwner('');
  };

  return (
    <section className="takeaways" aria-labelledby="takeaways-title">
      <header className="takeaways__head">
        <h2 id="takeaways-title">{t('takeaways.title')}</h2>
        <button className="banner__close" aria-label={t('takeaways.close')} onClick={onClose}>
          ×
        </button>
      </header>
      <p className="takeaways__note">{t('takeaways.quoted', { text: note.text.trim() || t('summaryPanel.emptyNote') })}</p>
      {note.comments.length === 0 ? (
        <p className="muted">{t('takeaways.none')}</p>
      ) : (
        <ul className="takeaways__list">
          {note.comments.map((c) => (
            <li key={c.id} className={`takeaways__item takeaways__item--${c.kind}`}>
              <span className="takeaways__kind">{kindName(c.kind)}</span> {c.text}
              <span className="takeaways__meta">
                {c.owner ? ` · ${t('takeaways.owner', { name: c.owner })}` : ''}
                {!session.anonymous && <> · {t('takeaways.by', { name: nameOf(c.authorId) })}</>}
              </span>
              {canWrite && (role === 'facilitator' || c.authorId === participantId) && (
                <button className="takeaways__delete" aria-label={t('takeaways.deleteThe', { kind: kindName(c.kind).toLowerCase(), text: c.text })} onClick={() => deleteComment(board, note.id, c.id)}>
                  {t('toolbar.delete')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form className="takeaways__form" onSubmit={add}>
          <label>
            {t('takeaways.kindLabel')}
            <select value={kind} onChange={(e) => setKind(e.target.value as CommentKind)}>
              {COMMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindName(k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('takeaways.takeaway')}
            <textarea value={text} maxLength={limits.maxText} rows={2} onChange={(e) => setText(e.target.value)} />
          </label>
          {kind === 'action' && (
            <label>
              {t('takeaways.ownerLabel')}
              <input value={owner} maxLength={MAX_OWNER} onChange={(e) => setOwner(e.target.value)} />
            </label>
          )}
          <button className="button button--primary" type="submit" disabled={!text.trim()}>
            {t('takeaways.add')}
          </button>
        </form>
      ) : (
        <p className="muted">
          {session.phase !== 'discuss'
            ? t('takeaways.onlyDiscuss', { phase: t('phase.name.discuss') })
            : role === 'viewer'
              ? t('takeaways.viewers')
              : session.takeawaysOpen
                ? t('takeaways.locked')
                : t('takeaways.facilitatorOnly')}
        </p>
      )}
      {role === 'facilitator' && (
        <label className="takeaways__open">
          <input type="checkbox" checked={session.takeawaysOpen} onChange={(e) => updateSession(control, { takeawaysOpen: e.target.checked })} />
          {t('takeaways.open')}
        </label>
      )}
    </section>
  );
}
