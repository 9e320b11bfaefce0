import { useState } from 'react';
import { requestJson, workshopPath } from '../api/http';
import { useT } from '../i18n';
import { useLimits } from '../session/limits';

// "Run again with another group": a new workshop in the same series, and the series comparison.

interface RunAgainResult {
  id: string;
  seriesId: string;
  links: { facilitator: string; participant: string; viewer: string };
  copiedNotes: number;
}

function isResult(v: unknown): v is RunAgainResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const links = r.links as Record<string, unknown> | undefined;
  return typeof r.id === 'string' && typeof r.seriesId === 'string' && typeof links?.facilitator === 'string' && typeof links.participant === 'string' && typeof links.viewer === 'string';
}

export function RunAgain({ workshopId, token }: { workshopId: string; token: string }) {
  const [title, setTitle] = useState('');
  const [copyNotes, setCopyNotes] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RunAgainResult | null>(null);
  const { t } = useT();
  const { maxTitle } = useLimits();

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = await requestJson(`${workshopPath(workshopId)}/rerun`, { token, body: { ...(title.trim() ? { title: title.trim() } : {}), copyNotes } });
      if (!isResult(body)) throw new Error(t('history.unexpected'));
      setResult(body);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const seriesLink = (format: string) => (result ? `/api/series/${encodeURIComponent(result.seriesId)}/summary.${format}?token=${encodeURIComponent(token)}` : '#');
  return (
    <div className="fac-run-again">
      {!result ? (
        <>
          <label className="fac-field">
            <span>{t('runAgain.titleLabel')}</span>
            <input value={title} maxLength={maxTitle} placeholder={t('runAgain.sameTitle')} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label className="fac-check">
            <input type="checkbox" checked={copyNotes} onChange={(e) => setCopyNotes(e.target.checked)} />
            {t('runAgain.copyNotes')}
          </label>
          <button className="button" disabled={busy} onClick={() => void run()}>
            {t('runAgain.run')}
          </button>
          {error && <p className="form-error" role="alert">{error}</p>}
          <p className="fac-hint">{t('runAgain.hint', { phase: t('phase.name.collect') })}</p>
        </>
      ) : (
        <div role="status">
          <p>
            {result.copiedNotes ? t('runAgain.readyWith', { count: result.copiedNotes }) : t('runAgain.ready')}{' '}
            <a href={result.links.facilitator} target="_blank" rel="noreferrer">
              {t('runAgain.open')}
            </a>
          </p>
          <p className="fac-hint">{t('runAgain.invite', { link: result.links.participant })}</p>
          <p>
            {t('runAgain.compare')} <a href={seriesLink('md')}>{t('formats.md')}</a> · <a href={seriesLink('csv')}>{t('formats.csv')}</a> · <a href={seriesLink('pdf')}>{t('formats.pdf')}</a>
          </p>
        </div>
      )}
    </div>
  );
}
