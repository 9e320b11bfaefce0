import { useState } from 'react';
import { QUADRANTS } from '@shared/matrix';
import { standardWording } from '@shared/i18n/summaryI18n';
import { wordingMax, type Wording, type WordingKey, type WordingOverrides } from '@shared/schema/wording';
import { useT } from '../i18n';

// The facilitator's own words for the four paths and the axes; empty fields keep the standard wording.

const AXIS_FIELDS: Array<{ key: WordingKey; label: string; standard: (w: Wording) => string }> = [
  { key: 'trigger.label', label: 'horizontal', standard: (w) => w.axes.trigger.label },
  { key: 'trigger.low', label: 'left', standard: (w) => w.axes.trigger.low },
  { key: 'trigger.high', label: 'right', standard: (w) => w.axes.trigger.high },
  { key: 'aim.label', label: 'vertical', standard: (w) => w.axes.aim.label },
  { key: 'aim.high', label: 'top', standard: (w) => w.axes.aim.high },
  { key: 'aim.low', label: 'bottom', standard: (w) => w.axes.aim.low },
];

function Field({ k, label, standard, draft, onChange }: { k: WordingKey; label: string; standard: string; draft: WordingOverrides; onChange: (k: WordingKey, v: string) => void }) {
  return (
    <label className="fac-field">
      <span>{label}</span>
      <input value={draft[k] ?? ''} placeholder={standard} maxLength={wordingMax(k)} onChange={(e) => onChange(k, e.target.value)} data-wording={k} />
    </label>
  );
}

/** `stored` is the workshop's wording now; `onUse` stores the facilitator's edit. */
export function WordingPanel({ stored, onUse }: { stored: WordingOverrides; onUse: (overrides: WordingOverrides) => void }) {
  const { t, language } = useT();
  const standard = standardWording(language);
  const [draft, setDraft] = useState<WordingOverrides | null>(null);
  const current = draft ?? stored;
  const change = (k: WordingKey, v: string) => setDraft({ ...current, [k]: v });
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(stored);
  const save = () => {
    if (!draft) return;
    // Every key, so cleared fields go back to the standard wording.
    onUse(Object.fromEntries([...QUADRANTS.flatMap((q) => [`${q}.name`, `${q}.hint`]), ...AXIS_FIELDS.map((f) => f.key)].map((k) => [k, draft[k as WordingKey] ?? ''])));
    setDraft(null);
  };
  return (
    <details className="fac-wording">
      <summary>{t('wording.summary')}</summary>
      {QUADRANTS.map((q) => (
        <fieldset key={q} className="fac-wording__group">
          <legend>{standard.paths[q].name}</legend>
          <Field k={`${q}.name`} label={t('wording.name')} standard={standard.paths[q].name} draft={current} onChange={change} />
          <Field k={`${q}.hint`} label={t('wording.hint')} standard={standard.paths[q].hint} draft={current} onChange={change} />
        </fieldset>
      ))}
      <fieldset className="fac-wording__group">
        <legend>{t('wording.axes')}</legend>
        {AXIS_FIELDS.map((f) => (
          <Field key={f.key} k={f.key} label={t(`wording.axis.${f.label}`)} standard={f.standard(standard)} draft={current} onChange={change} />
        ))}
      </fieldset>
      <div className="fac-row">
        <button className="button button--primary" disabled={!dirty} onClick={save}>
          {t('wording.use')}
        </button>
        <button className="button" disabled={Object.keys(stored).length === 0 && !draft} onClick={() => setDraft({})}>
          {t('wording.reset')}
        </button>
      </div>
      <p className="fac-hint">{t('wording.hintText')}</p>
    </details>
  );
}
