import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, fetchWorkshop, joinWorkshop, type WorkshopInfo } from '../session/api';
import { LazyBoardPage } from './LazyBoardPage';
import { forgetMembership, loadDisplayName, loadMembership, saveDisplayName, saveMembership } from '../session/storage';

type State =
  | { kind: 'checking' }
  | { kind: 'form'; key: string; error: string | null }
  | { kind: 'joined'; workshop: WorkshopInfo; token: string; name: string }
  | { kind: 'error'; message: string };

const NAME_MAX = 40;

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

  const start = useCallback(async () => {
    const key = keyFromHash(window.location.hash);
    const stored = loadMembership(workshopId);
    if (stored && (!key || key === stored.key)) {
      const displayName = stored.name || loadDisplayName() || 'Someone';
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
          const workshop: WorkshopInfo = { id: workshopId, title: stored.title || 'Workshop', createdAt: 0, role: stored.role, participantId: stored.participantId };
          setState({ kind: 'joined', workshop, token: stored.token, name: displayName });
          return;
        }
        forgetMembership(workshopId);
        if (!key) {
          setState({ kind: 'error', message: err instanceof ApiError ? err.message : 'Your session for this workshop has ended. Open your link again.' });
          return;
        }
      }
    }
    if (key) setState({ kind: 'form', key, error: null });
    else setState({ kind: 'error', message: 'This link is missing its key. Ask the facilitator for the full link.' });
  }, [workshopId]);

  useEffect(() => {
    void start();
  }, [start]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (state.kind !== 'form' || busy) return;
    const displayName = name.trim().slice(0, NAME_MAX);
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
          ? 'This link is not valid. Check that you copied all of it, or ask the facilitator for a new one.'
          : err instanceof ApiError
            ? err.message
            : 'Something went wrong. Try again.';
      setState({ kind: 'form', key: state.key, error: message });
    } finally {
      setBusy(false);
    }
  };

  const rejoin = useCallback(() => {
    const stored = loadMembership(workshopId);
    forgetMembership(workshopId);
    if (stored?.key) setState({ kind: 'form', key: stored.key, error: null });
    else setState({ kind: 'error', message: 'Open your workshop link again to rejoin.' });
  }, [workshopId]);

  switch (state.kind) {
    case 'checking':
      return <div className="page-message">Opening the workshop…</div>;
    case 'error':
      return (
        <main className="landing">
          <div className="landing__card">
            <p className="landing__brand">Four Paths</p>
            <h1>Cannot open this workshop</h1>
            <p className="landing__lead">{state.message}</p>
            <a className="button" href="/">
              Start page
            </a>
          </div>
        </main>
      );
    case 'joined':
      return <LazyBoardPage workshop={state.workshop} token={state.token} name={state.name} onRejoin={rejoin} />;
    case 'form':
      return (
        <main className="landing">
          <div className="landing__card landing__card--narrow">
            <p className="landing__brand">Four Paths</p>
            <h1>Join the workshop</h1>
            <form onSubmit={submit} className="landing__form">
              <label htmlFor="name">Your name, as others will see it</label>
              <input id="name" value={name} maxLength={NAME_MAX} autoComplete="nickname" onChange={(e) => setName(e.target.value)} autoFocus required />
              <button className="button button--primary button--wide" type="submit" disabled={busy || !name.trim()}>
                {busy ? 'Joining…' : 'Join'}
              </button>
              {state.error && (
                <p className="form-error" role="alert">
                  {state.error}
                </p>
              )}
            </form>
          </div>
        </main>
      );
  }
}
