import { useSyncExternalStore } from 'react';
import type { ViewportStore } from '../canvas/viewportStore';
import { Icon } from './icons';

interface ZoomControlsProps {
  viewport: ViewportStore;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onFit: () => void;
}

export function ZoomControls({ viewport, onZoomIn, onZoomOut, onFit }: ZoomControlsProps) {
  const zoom = useSyncExternalStore(viewport.subscribe, () => Math.round(viewport.get().zoom * 100));
  return (
    <div className="zoom-controls" role="group" aria-label="Zoom">
      <button className="tool" onClick={onZoomOut} aria-label="Zoom out" title="Zoom out (−)">
        <Icon name="minus" />
      </button>
      <span className="zoom-controls__value" aria-live="off">
        {zoom}%
      </span>
      <button className="tool" onClick={onZoomIn} aria-label="Zoom in" title="Zoom in (+)">
        <Icon name="plus" />
      </button>
      <button className="tool" onClick={onFit} aria-label="Fit board" title="Fit the board to the screen (0)">
        <Icon name="fit" />
        <span className="tool__label tool__label--wide">Fit</span>
      </button>
    </div>
  );
}
