import { useState } from 'react';

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

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/rerun`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...(title.trim() ? { title: title.trim() } : {}), copyNotes }),
      });
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok || !isResult(body)) throw new Error(typeof (body as { error?: unknown })?.error === 'string' ? (body as { error: string }).error : `The server answered ${res.status}.`);
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
            <span>Title of the new workshop</span>
            <input value={title} maxLength={120} placeholder="Same title" onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label className="fac-check">
            <input type="checkbox" checked={copyNotes} onChange={(e) => setCopyNotes(e.target.checked)} />
            Bring these notes along as my private notes
          </label>
          <button className="button" disabled={busy} onClick={() => void run()}>
            Run again with another group
          </button>
          {error && <p className="form-error" role="alert">{error}</p>}
          <p className="fac-hint">Same wording and settings; the new group starts at Collect. Both workshops join one series you can compare.</p>
        </>
      ) : (
        <div role="status">
          <p>
            New workshop ready{result.copiedNotes ? ` with ${result.copiedNotes} of your notes` : ''}.{' '}
            <a href={result.links.facilitator} target="_blank" rel="noreferrer">
              Open it as facilitator
            </a>
          </p>
          <p className="fac-hint">Invite the new group: {result.links.participant}</p>
          <p>
            Compare the groups: <a href={seriesLink('md')}>Markdown</a> · <a href={seriesLink('csv')}>CSV</a> · <a href={seriesLink('pdf')}>PDF</a>
          </p>
        </div>
      )}
    </div>
  );
}
