import { useMemo } from 'react';
import { standardWording } from '@shared/i18n/summaryI18n';
import { resolveWording, type Wording } from '@shared/schema/wording';
import { useT } from '../i18n';
import type { ControlStore } from './controlStore';
import { useControl } from './useControl';

/** The wording to draw: the workshop's own words where it has them, else the standard ones in the UI language. */
export function useWording(control: ControlStore): Wording {
  const overrides = useControl(control, (s) => s.wording);
  const { language } = useT();
  return useMemo(() => resolveWording(overrides, standardWording(language)), [overrides, language]);
}
