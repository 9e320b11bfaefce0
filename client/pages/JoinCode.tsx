import { useState, type FormEvent } from 'react';
import { NarrowCard } from './NarrowCard';
import { ApiError } from '../api/http';
import { joinWithCode } from '../api/workshops';
import { loadDisplayName, saveDisplayName, saveMembership } from '../session/storage';
import { useT } from '../i18n';
import { useLimits } from '../session/limits';

/**
 * `/j`: joining from a phone with the short code the facilitator shows. Kept free of the board's
 * code (no canvas, no Yjs) so it opens fast on a phone; the board loads after joining.
 */
export function JoinCode() {
  const [code, setCode] = useState('');
  const [name, setName] = useState(loadDisplayName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { t } = useT();
  const { maxName } = useLimits();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const displayName = name.trim().slice(0, maxName);
    if (busy || !code.trim() || !displayName) return;
    setBusy(true);
    try {
      const joined = await joinWithCode(code, displayName);
      saveDisplayName(displayName);
      // No link key: this browser rejoins with its token, and the board page asks again if that ends.
      saveMembership(joined.workshopId, { token: joined.token, participantId: joined.participantId, role: joined.role, key: '', name: displayName, title: '' });
      window.location.assign(`/w/${encodeURIComponent(joined.workshopId)}`);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 404
          ? t('join.noSuchCode')
          : err instanceof ApiError
            ? err.message
            : t('common.somethingWrong'),
      );
      setBusy(false);
    }
  };

  return (
    <NarrowCard heading={t('join.codeHeading')} onSubmit={submit} error={error}>
          <label htmlFor="join-code">{t('join.codeLabel')}</label>
          <input
            id="join-code"
            className="join-code__input"
            value={code}
            maxLength={20}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="7K2M-9QXD"
            onChange={(e) => setCode(e.target.value)}
            autoFocus
            required
          />
          <label htmlFor="join-name">{t('join.nameLabel')}</label>
          <input id="join-name" value={name} maxLength={maxName} autoComplete="nickname" onChange={(e) => setName(e.target.value)} required />
          <button className="button button--primary button--wide" type="submit" disabled={busy || !code.trim() || !name.trim()}>
            {busy ? t('join.joining') : t('join.join')}
          </button>
    </NarrowCard>
  );
}
