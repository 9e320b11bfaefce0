import type { FormEvent, ReactNode } from 'react';
import { LanguageSelect } from '../panels/LanguageSelect';
import { useT } from '../i18n';

/** The small card the join pages share: brand and language switch, a heading, a form and its error. */
export function NarrowCard({ heading, onSubmit, error, children }: { heading: string; onSubmit: (e: FormEvent) => void; error: string | null; children: ReactNode }) {
  const { t } = useT();
  return (
    <main className="landing">
      <div className="landing__card landing__card--narrow">
        <div className="landing__header">
          <p className="landing__brand">{t('common.brand')}</p>
          <LanguageSelect />
        </div>
        <h1>{heading}</h1>
        <form onSubmit={onSubmit} className="landing__form">
          {children}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      </div>
    </main>
  );
}
