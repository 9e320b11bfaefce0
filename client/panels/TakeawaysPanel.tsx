import { useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { Note } from '@shared/schema/board';
import { COMMENT_KINDS, MAX_OWNER, type CommentKind } from '@shared/schema/comments';
import { addComment, deleteComment } from '@shared/schema/commentCommands';
import { readParticipants, updateSession, type Session } from '@shared/schema/control';
import type { Role } from '@shared/roles';
import { MAX_TEXT } from '@shared/schema/board';
import './TakeawaysPanel.css';

// A note's takeaways (decisions, actions, open questions, remarks), written during Discuss.

const KIND_NAMES: Record<CommentKind, string> = { decision: 'Decision', action: 'Action', question: 'Open question', note: 'Note' };

interface TakeawaysPanelProps {
  note: Note;
  board: Y.Doc;
  control: Y.Doc;
  session: Session;
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

export function TakeawaysPanel({ note, board, control, session, role, participantId, onClose }: TakeawaysPanelProps) {
  const names = useMemo(() => new Map(readParticipants(control).map((p) => [p.id, p.name])), [control, note.comments]);
  const nameOf = (id: string) => (id === participantId ? 'you' : (names.get(id) ?? 'someone who left'));
  const [kind, setKind] = useState<CommentKind>('decision');
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const canWrite = mayWriteTakeaways(session, role, note.locked);

  const add = (e: React.FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    addComment(board, note.id, { kind, text, authorId: participantId, owner: kind === 'action' ? owner : null });
    setText('');
    setOwner('');
  };

  return (
    <section className="takeaways" aria-labelledby="takeaways-title">
      <header className="takeaways__head">
        <h2 id="takeaways-title">Takeaways</h2>
        <button className="banner__close" aria-label="Close takeaways" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="takeaways__note">“{note.text.trim() || '(empty note)'}”</p>
      {note.comments.length === 0 ? (
        <p className="muted">No takeaways on this note yet.</p>
      ) : (
        <ul className="takeaways__list">
          {note.comments.map((c) => (
            <li key={c.id} className={`takeaways__item takeaways__item--${c.kind}`}>
              <span className="takeaways__kind">{KIND_NAMES[c.kind]}</span> {c.text}
              <span className="takeaways__meta">
                {c.owner ? ` · owner: ${c.owner}` : ''}
                {!session.anonymous && <> · by {nameOf(c.authorId)}</>}
              </span>
              {canWrite && (role === 'facilitator' || c.authorId === participantId) && (
                <button className="takeaways__delete" aria-label={`Delete the ${KIND_NAMES[c.kind].toLowerCase()} “${c.text}”`} onClick={() => deleteComment(board, note.id, c.id)}>
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form className="takeaways__form" onSubmit={add}>
          <label>
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value as CommentKind)}>
              {COMMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_NAMES[k]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Takeaway
            <textarea value={text} maxLength={MAX_TEXT} rows={2} onChange={(e) => setText(e.target.value)} />
          </label>
          {kind === 'action' && (
            <label>
              Owner (optional)
              <input value={owner} maxLength={MAX_OWNER} onChange={(e) => setOwner(e.target.value)} />
            </label>
          )}
          <button className="button button--primary" type="submit" disabled={!text.trim()}>
            Add takeaway
          </button>
        </form>
      ) : (
        <p className="muted">
          {session.phase !== 'discuss'
            ? 'Takeaways are written during Discuss.'
            : role === 'viewer'
              ? 'Viewers read takeaways.'
              : session.takeawaysOpen
                ? 'The facilitator has locked the board or this note.'
                : 'The facilitator writes takeaways; they can let everyone write.'}
        </p>
      )}
      {role === 'facilitator' && (
        <label className="takeaways__open">
          <input type="checkbox" checked={session.takeawaysOpen} onChange={(e) => updateSession(control, { takeawaysOpen: e.target.checked })} />
          Participants may write takeaways
        </label>
      )}
    </section>
  );
}
