import { useSyncExternalStore } from 'react';
import type { ViewportStore } from '../canvas/viewportStore';
import { Icon } from './icons';
import { useT } from '../i18n';

interface ZoomControlsProps {
  viewport: ViewportStore;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onFit: () => void;
}

export function ZoomControls({ viewport, onZoomIn, onZoomOut, onFit }: ZoomControlsProps) {
  const { t, locale } = useT();
  const zoom = useSyncExternalStore(viewport.subscribe, () => Math.round(viewport.get().zoom * 100));
  return (
    <div className="zoom-controls" role="group" aria-label={t('zoom.label')}>
      <button className="tool" onClick={onZoomOut} aria-label={t('zoom.out')} title={t('zoom.outTitle')}>
        <Icon name="minus" />
      </button>
      <span className="zoom-controls__value" aria-live="off">
        {new Intl.NumberFormat(locale, { style: 'percent' }).format(zoom / 100)}
      </span>
      <button className="tool" onClick={onZoomIn} aria-label={t('zoom.in')} title={t('zoom.inTitle')}>
        <Icon name="plus" />
      </button>
      <button className="tool" onClick={onFit} aria-label={t('zoom.fitBoard')} title={t('zoom.fitTitle')}>
        <Icon name="fit" />
        <span className="tool__label tool__label--wide">{t('zoom.fit')}</span>
      </button>
    </div>
  );
}
