import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { standardWording } from '@shared/i18n/summaryI18n';
import { readWording, resolveWording, type Wording, type WordingOverrides } from '@shared/schema/wording';
import { useT } from '../i18n';

/** The workshop's own wording overrides, live from the control room. */
export function useWordingOverrides(control: Y.Doc): WordingOverrides {
  const [overrides, setOverrides] = useState(() => readWording(control));
  useEffect(() => {
    const refresh = () => {
      const next = readWording(control);
      setOverrides((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    };
    refresh();
    control.on('update', refresh);
    return () => control.off('update', refresh);
  }, [control]);
  return overrides;
}

/** The wording to draw: the workshop's own words where it has them, else the standard ones in the UI language. */
export function useWording(control: Y.Doc): Wording {
  const overrides = useWordingOverrides(control);
  const { language } = useT();
  const [wording, setWording] = useState(() => resolveWording(overrides, standardWording(language)));
  useEffect(() => setWording(resolveWording(overrides, standardWording(language))), [overrides, language]);
  return wording;
}
