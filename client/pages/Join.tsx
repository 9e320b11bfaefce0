import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/http';
import { fetchWorkshop, joinWorkshop, type WorkshopInfo } from '../api/workshops';
import { LazyBoardPage } from './LazyBoardPage';
import { NarrowCard } from './NarrowCard';
import { forgetMembership, loadDisplayName, loadMembership, saveDisplayName, saveMembership } from '../session/storage';
import { useT } from '../i18n';
import { useLimits } from '../session/limits';

type State =
  | { kind: 'checking' }
  | { kind: 'form'; key: string; error: string | null }
  | { kind: 'joined'; workshop: WorkshopInfo; token: string; name: string }
  | { kind: 'error'; message: string };

export function keyFromHash(hash: string): string | null {
  const key = new URLSearchParams(hash.replace(/^#/, '')).get('key');
  return key && key.trim() ? key.trim() : null;
}

/** Screens get shared: once we hold a token the secret key leaves the address bar. */
function hideKey(workshopId: string): void {
  if (window.location.hash) window.history.replaceState(null, '', `/w/${encodeURIComponent(workshopId)}`);
}

/**
 * Opening a workshop link: rejoin with the token this browser already holds for it, or ask for
 * a display name and join with the link's key. With no network the remembered session opens
 * the board from the offline cache.
 */
export function Join({ workshopId }: { workshopId: string }) {
  const [state, setState] = useState<State>({ kind: 'checking' });
  const [name, setName] = useState(loadDisplayName);
  const [busy, setBusy] = useState(false);
  const { t } = useT();
  const { maxName } = useLimits();

  const start = useCallback(async () => {
    const key = keyFromHash(window.location.hash);
    const stored = loadMembership(workshopId);
    if (stored && (!key || key === stored.key)) {
      const displayName = stored.name || loadDisplayName() || t('common.someone');
      try {
        const workshop = await fetchWorkshop(workshopId, stored.token);
        saveMembership(workshopId, { ...stored, title: workshop.title });
        hideKey(workshopId);
        setState({ kind: 'joined', workshop, token: stored.token, name: displayName });
        return;
      } catch (err) {
        if (err instanceof ApiError && err.status === 0) {
          // Offline: open what this device knows; the board syncs when the server is back.
          hideKey(workshopId);
          const workshop: WorkshopInfo = { id: workshopId, title: stored.title || t('join.workshop'), createdAt: 0, role: stored.role, participantId: stored.participantId };
          setState({ kind: 'joined', workshop, token: stored.token, name: displayName });
          return;
        }
        forgetMembership(workshopId);
        if (!key) {
          setState({ kind: 'error', message: err instanceof ApiError ? err.message : t('join.ended') });
          return;
        }
      }
    }
    if (key) setState({ kind: 'form', key, error: null });
    else setState({ kind: 'error', message: t('join.missingKey') });
  }, [workshopId, t]);

  useEffect(() => {
    void start();
  }, [start]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (state.kind !== 'form' || busy) return;
    const displayName = name.trim().slice(0, maxName);
    if (!displayName) return;
    setBusy(true);
    try {
      const joined = await joinWorkshop(workshopId, state.key, displayName);
      saveDisplayName(displayName);
      const workshop = await fetchWorkshop(workshopId, joined.token);
      saveMembership(workshopId, { token: joined.token, participantId: joined.participantId, role: joined.role, key: state.key, name: displayName, title: workshop.title });
      hideKey(workshopId);
      setState({ kind: 'joined', workshop, token: joined.token, name: displayName });
    } catch (err) {
      const message =
        err instanceof ApiError && (err.status === 401 || err.status === 403)
          ? t('join.invalidLink')
          : err instanceof ApiError
            ? err.message
            : t('common.somethingWrong');
      setState({ kind: 'form', key: state.key, error: message });
    } finally {
      setBusy(false);
    }
  };

  const rejoin = useCallback(() => {
    const stored = loadMembership(workshopId);
    forgetMembership(workshopId);
    if (stored?.key) setState({ kind: 'form', key: stored.key, error: null });
    else setState({ kind: 'error', message: t('join.openAgain') });
  }, [workshopId, t]);

  switch (state.kind) {
    case 'checking':
      return <div className="page-message">{t('join.opening')}</div>;
    case 'error':
      return (
        <main className="landing">
          <div className="landing__card">
            <p className="landing__brand">{t('common.brand')}</p>
            <h1>{t('join.cannotOpen')}</h1>
            <p className="landing__lead">{state.message}</p>
            <a className="button" href="/">
              {t('common.startPage')}
            </a>
          </div>
        </main>
      );
    case 'joined':
      return <LazyBoardPage workshop={state.workshop} token={state.token} name={state.name} onRejoin={rejoin} />;
    case 'form':
      return (
        <NarrowCard heading={t('join.heading')} onSubmit={submit} error={state.error}>
              <label htmlFor="name">{t('join.nameLabel')}</label>
              <input id="name" value={name} maxLength={maxName} autoComplete="nickname" onChange={(e) => setName(e.target.value)} autoFocus required />
              <button className="button button--primary button--wide" type="submit" disabled={busy || !name.trim()}>
                {busy ? t('join.joining') : t('join.join')}
              </button>
        </NarrowCard>
      );
  }
}
