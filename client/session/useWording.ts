import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readWording, resolveWording, type Wording, type WordingOverrides } from '@shared/schema/wording';

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

/** The wording to draw: the workshop's own words where it has them, else the standard ones. */
export function useWording(control: Y.Doc): Wording {
  const overrides = useWordingOverrides(control);
  const [wording, setWording] = useState(() => resolveWording(overrides));
  useEffect(() => setWording(resolveWording(overrides)), [overrides]);
  return wording;
}
