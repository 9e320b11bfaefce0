import { useSyncExternalStore } from 'react';
import type { Note } from '@shared/schema/board';
import { matrixToScreen, NOTE_H, NOTE_W } from '../canvas/geometry';
import type { ViewportStore } from '../canvas/viewportStore';
import './FacilitatorSpotlight.css';
import { useT } from '../i18n';

/** The ring around the note the facilitator spotlights, seen on every screen. */
export function FacilitatorSpotlight({ note, viewport }: { note: Note | undefined; viewport: ViewportStore }) {
  const vp = useSyncExternalStore(viewport.subscribe, viewport.get);
  const { t } = useT();
  if (!note) return null;
  const c = matrixToScreen(vp, note);
  const w = NOTE_W * vp.zoom;
  const h = NOTE_H * vp.zoom;
  return (
    <div className="spotlight" style={{ left: c.x - w / 2, top: c.y - h / 2, width: w, height: h }} data-testid="spotlight" aria-hidden="true">
      <span className="spotlight__label">{t('board.spotlight')}</span>
    </div>
  );
}
