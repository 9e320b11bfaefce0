import { useCallback, useEffect, useState } from 'react';
import './HistoryPanel.css';

// Version history for facilitators: every saved version of the board, each one click from being restored.

interface Snapshot {
  id: number;
  createdAt: number;
  reason: string;
  noteCount: number;
}

export interface HistoryPanelProps {
  workshopId: string;
  token: string;
  onClose: () => void;
}

const REFRESH_MS = 15_000;
const PHASE_NAMES: Record<string, string> = { collect: 'Collect', place: 'Place', vote: 'Vote', discuss: 'Discuss', done: 'Done' };

/** The list entry's title, in words a facilitator recognises. */
function describeReason(reason: string): string {
  if (reason === 'periodic') return 'Autosave';
  if (reason === 'before restore') return 'Before a restore';
  const phase = /^phase: (\w+)$/.exec(reason)?.[1];
  if (phase) return `Start of ${PHASE_NAMES[phase] ?? phase}`;
  return reason;
}

function isSnapshot(v: unknown): v is Snapshot {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return Number.isSafeInteger(s.id) && typeof s.createdAt === 'number' && typeof s.reason === 'string' && Number.isSafeInteger(s.noteCount);
}

async function call(path: string, token: string, method: 'GET' | 'POST'): Promise<unknown> {
  const res = await fetch(path, { method, headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : null;
    throw new Error(message ?? `The server answered ${res.status}.`);
  }
  return body;
}

async function fetchHistory(workshopId: string, token: string): Promise<Snapshot[]> {
  const body = await call(`/api/workshops/${encodeURIComponent(workshopId)}/history`, token, 'GET');
  const list = typeof body === 'object' && body !== null ? (body as { snapshots?: unknown }).snapshots : null;
  if (!Array.isArray(list)) throw new Error('The server sent an unexpected answer.');
  return list.filter(isSnapshot);
}

const timeOf = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const notesLabel = (n: number) => (n === 1 ? '1 note' : `${n} notes`);

export function HistoryPanel({ workshopId, token, onClose }: HistoryPanelProps) {
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const reload = useCallback(async () => {
    try {
      setSnapshots(await fetchHistory(workshopId, token));
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'Could not load the history.' });
    }
  }, [workshopId, token]);

  // Versions keep coming while the panel is open; a slow refresh keeps the list honest.
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const restore = async (s: Snapshot) => {
    setBusy(s.id);
    setMessage(null);
    try {
      await call(`/api/workshops/${encodeURIComponent(workshopId)}/history/${s.id}/restore`, token, 'POST');
      setMessage({ kind: 'ok', text: `Board restored to ${timeOf(s.createdAt)}. To undo, restore “Before a restore” at the top.` });
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'The restore failed.' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <aside className="panel history-panel" aria-label="Board history">
      <header className="history-panel__header">
        <h2>Board history</h2>
        <button className="history-panel__close" onClick={onClose} aria-label="Close history">
          ×
        </button>
      </header>
      <p className="history-panel__hint">Saved every few minutes while people edit, and at every phase change. Restoring is live for everyone.</p>
      {message && (
        <p className={`history-panel__message history-panel__message--${message.kind}`} role="status">
          {message.text}
        </p>
      )}
      {snapshots === null ? (
        <p className="muted">Loading…</p>
      ) : snapshots.length === 0 ? (
        <p className="muted">Nothing saved yet. The first version is saved as soon as the board changes.</p>
      ) : (
        <ol className="history-panel__list">
          {snapshots.map((s) => (
            <li key={s.id} className="history-panel__item">
              <div className="history-panel__what">
                <strong>{describeReason(s.reason)}</strong>
                <span className="muted">
                  {timeOf(s.createdAt)} · {notesLabel(s.noteCount)}
                </span>
              </div>
              <button className="button history-panel__restore" disabled={busy !== null} onClick={() => void restore(s)}>
                {busy === s.id ? 'Restoring…' : 'Restore'}
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
