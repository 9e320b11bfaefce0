import { useSyncExternalStore } from 'react';
import { isPlaced, PARKING } from '@shared/matrix';
import type { Note } from '@shared/schema/board';
import { isPortraitPhone, matrixToScreen, matrixToWorld } from '../canvas/geometry';
import type { ViewportStore } from '../canvas/viewportStore';
import { useT } from '../i18n';

/**
 * On a phone held upright the default view shows the matrix only; this pill says how many
 * notes wait in the parking area off to the right, and takes you there.
 */
export function ParkingHint({ notes, viewport }: { notes: readonly Note[]; viewport: ViewportStore }) {
  const { t } = useT();
  const vp = useSyncExternalStore(viewport.subscribe, viewport.get);
  const size = useSyncExternalStore(viewport.subscribe, viewport.getSize);
  if (!isPortraitPhone(size)) return null;
  const waiting = notes.filter((n) => !isPlaced(n.x, n.y));
  const parkingLeft = matrixToScreen(vp, { x: PARKING.minX, y: 0 }).x;
  if (waiting.length === 0 || parkingLeft < size.width - 24) return null;
  const show = () => {
    const left = matrixToWorld({ x: PARKING.minX - 0.05, y: 0 }).x;
    viewport.set({ ...vp, x: 8 - left * vp.zoom });
  };
  return (
    <button className="parking-hint" onClick={show} data-over-board="">
      {t('parking.waiting', { count: waiting.length })}
    </button>
  );
}
