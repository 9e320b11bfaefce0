import { useState } from 'react';
import type * as Y from 'yjs';
import { QUADRANTS } from '@shared/matrix';
import { STANDARD_WORDING, setWording, wordingMax, type WordingKey, type WordingOverrides } from '@shared/schema/wording';
import { useWordingOverrides } from '../session/useWording';

// The facilitator's own words for the four paths and the axes; empty fields keep the standard wording.

const AXIS_FIELDS: Array<{ key: WordingKey; label: string; standard: string }> = [
  { key: 'trigger.label', label: 'Horizontal axis', standard: STANDARD_WORDING.axes.trigger.label },
  { key: 'trigger.low', label: 'Left end', standard: STANDARD_WORDING.axes.trigger.low },
  { key: 'trigger.high', label: 'Right end', standard: STANDARD_WORDING.axes.trigger.high },
  { key: 'aim.label', label: 'Vertical axis', standard: STANDARD_WORDING.axes.aim.label },
  { key: 'aim.high', label: 'Top end', standard: STANDARD_WORDING.axes.aim.high },
  { key: 'aim.low', label: 'Bottom end', standard: STANDARD_WORDING.axes.aim.low },
];

function Field({ k, label, standard, draft, onChange }: { k: WordingKey; label: string; standard: string; draft: WordingOverrides; onChange: (k: WordingKey, v: string) => void }) {
  return (
    <label className="fac-field">
      <span>{label}</span>
      <input value={draft[k] ?? ''} placeholder={standard} maxLength={wordingMax(k)} onChange={(e) => onChange(k, e.target.value)} data-wording={k} />
    </label>
  );
}

export function WordingPanel({ control }: { control: Y.Doc }) {
  const stored = useWordingOverrides(control);
  const [draft, setDraft] = useState<WordingOverrides | null>(null);
  const current = draft ?? stored;
  const change = (k: WordingKey, v: string) => setDraft({ ...current, [k]: v });
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(stored);
  const save = () => {
    if (!draft) return;
    // Every key, so cleared fields go back to the standard wording.
    setWording(control, Object.fromEntries([...QUADRANTS.flatMap((q) => [`${q}.name`, `${q}.hint`]), ...AXIS_FIELDS.map((f) => f.key)].map((k) => [k, draft[k as WordingKey] ?? ''])));
    setDraft(null);
  };
  return (
    <details className="fac-wording">
      <summary>Your own names for the paths and axes</summary>
      {QUADRANTS.map((q) => (
        <fieldset key={q} className="fac-wording__group">
          <legend>{STANDARD_WORDING.paths[q].name}</legend>
          <Field k={`${q}.name`} label="Name" standard={STANDARD_WORDING.paths[q].name} draft={current} onChange={change} />
          <Field k={`${q}.hint`} label="One-line hint" standard={STANDARD_WORDING.paths[q].hint} draft={current} onChange={change} />
        </fieldset>
      ))}
      <fieldset className="fac-wording__group">
        <legend>Axes</legend>
        {AXIS_FIELDS.map((f) => (
          <Field key={f.key} k={f.key} label={f.label} standard={f.standard} draft={current} onChange={change} />
        ))}
      </fieldset>
      <div className="fac-row">
        <button className="button button--primary" disabled={!dirty} onClick={save}>
          Use this wording
        </button>
        <button className="button" disabled={Object.keys(stored).length === 0 && !draft} onClick={() => setDraft({})}>
          Back to the standard words
        </button>
      </div>
      <p className="fac-hint">The board, the list and every summary use these words. The four paths keep their meaning and place.</p>
    </details>
  );
}
