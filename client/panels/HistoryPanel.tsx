import { useCallback, useEffect, useState } from 'react';
import { requestJson, workshopPath } from '../api/http';
import { tUi, useT, type UiT } from '../i18n';
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

/** The list entry's title, in words a facilitator recognises. */
function describeReason(reason: string, t: UiT): string {
  if (reason === 'periodic') return t('history.autosave');
  if (reason === 'before restore') return t('history.beforeRestore');
  const phase = /^(collect|place|vote|discuss|done)$/.exec(/^phase: (\w+)$/.exec(reason)?.[1] ?? '')?.[1];
  if (phase) return t('history.startOf', { phase: t(`phase.name.${phase}`) });
  return reason;
}

function isSnapshot(v: unknown): v is Snapshot {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return Number.isSafeInteger(s.id) && typeof s.createdAt === 'number' && typeof s.reason === 'string' && Number.isSafeInteger(s.noteCount);
}

async function fetchHistory(workshopId: string, token: string): Promise<Snapshot[]> {
  const list = (await requestJson(`${workshopPath(workshopId)}/history`, { token })).snapshots;
  if (!Array.isArray(list)) throw new Error(tUi('history.unexpected'));
  return list.filter(isSnapshot);
}

const timeOf = (ms: number, locale: string) => new Date(ms).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function HistoryPanel({ workshopId, token, onClose }: HistoryPanelProps) {
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const { t, locale } = useT();

  const reload = useCallback(async () => {
    try {
      setSnapshots(await fetchHistory(workshopId, token));
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : t('history.loadFailed') });
    }
  }, [workshopId, token, t]);

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
      await requestJson(`${workshopPath(workshopId)}/history/${s.id}/restore`, { method: 'POST', token });
      setMessage({ kind: 'ok', text: t('history.restored', { time: timeOf(s.createdAt, locale), before: t('history.beforeRestore') }) });
      await reload();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : t('history.restoreFailed') });
    } finally {
      setBusy(null);
    }
  };

  return (
    <aside className="panel history-panel" aria-label={t('history.title')}>
      <header className="history-panel__header">
        <h2>{t('history.title')}</h2>
        <button className="history-panel__close" onClick={onClose} aria-label={t('history.close')}>
          ×
        </button>
      </header>
      <p className="history-panel__hint">{t('history.hint')}</p>
      {message && (
        <p className={`history-panel__message history-panel__message--${message.kind}`} role="status">
          {message.text}
        </p>
      )}
      {snapshots === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : snapshots.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <ol className="history-panel__list">
          {snapshots.map((s) => (
            <li key={s.id} className="history-panel__item">
              <div className="history-panel__what">
                <strong>{describeReason(s.reason, t)}</strong>
                <span className="muted">
                  {timeOf(s.createdAt, locale)} · {t('summaryPanel.notes', { count: s.noteCount, n: new Intl.NumberFormat(locale).format(s.noteCount) })}
                </span>
              </div>
              <button className="button history-panel__restore" disabled={busy !== null} onClick={() => void restore(s)}>
                {busy === s.id ? t('history.restoring') : t('history.restore')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
