import { memo, useEffect, type RefObject } from 'react';
import Konva from 'konva';
import { Layer } from 'react-konva';
import type { Awareness } from 'y-protocols/awareness';
import { readCursor, readUser } from '../session/presence';
import { matrixToWorld } from './geometry';
import type { ViewportStore } from './viewportStore';
import { NOTE_FONT_FAMILY } from './noteText';

interface CursorNodes {
  group: Konva.Group;
  arrow: Konva.Line;
  tag: Konva.Rect;
  label: Konva.Text;
  look: string;
}

function createCursor(): CursorNodes {
  const group = new Konva.Group({ listening: false });
  const arrow = new Konva.Line({ points: [0, 0, 0, 19, 5, 14.5, 9, 23, 12, 21.5, 8.5, 13.5, 15, 13.5], closed: true, stroke: '#ffffff', strokeWidth: 1.5, perfectDrawEnabled: false });
  const tag = new Konva.Rect({ x: 12, y: 22, height: 22, cornerRadius: 11, perfectDrawEnabled: false });
  const label = new Konva.Text({ x: 21, y: 26, fontSize: 13, fontStyle: 'bold', fontFamily: NOTE_FONT_FAMILY, fill: '#ffffff' });
  group.add(arrow, tag, label);
  return { group, arrow, tag, label, look: '' };
}

/**
 * Other people's pointers, drawn without React: awareness changes arrive at up to 20 Hz per
 * person, so they only mark the layer dirty and one animation frame redraws every cursor.
 * Cursors keep the same size on screen whatever the zoom.
 */
interface CursorLayerProps {
  awareness: Awareness;
  viewport: ViewportStore;
  /** Shared with the board, which places the layer in the view. */
  layerRef: RefObject<Konva.Layer | null>;
}

export const CursorLayer = memo(function CursorLayer({ awareness, viewport, layerRef }: CursorLayerProps) {
  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const cursors = new Map<number, CursorNodes>();
    let frame = 0;

    const render = () => {
      frame = 0;
      const scale = 1 / viewport.get().zoom;
      const seen = new Set<number>();
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return;
        const user = readUser(state);
        const cursor = readCursor(state);
        if (!user || !cursor) return;
        seen.add(clientId);
        let c = cursors.get(clientId);
        if (!c) {
          c = createCursor();
          cursors.set(clientId, c);
          layer.add(c.group);
        }
        const look = `${user.color}|${user.name}`;
        if (c.look !== look) {
          c.look = look;
          c.arrow.fill(user.color);
          c.tag.fill(user.color);
          c.label.text(user.name);
          c.tag.width(c.label.width() + 18);
        }
        const at = matrixToWorld(cursor);
        c.group.setAttrs({ x: at.x, y: at.y, scaleX: scale, scaleY: scale });
      });
      for (const [clientId, c] of cursors) {
        if (seen.has(clientId)) continue;
        c.group.destroy();
        cursors.delete(clientId);
      }
      layer.batchDraw();
    };

    let lastZoom = viewport.get().zoom;
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(render);
    };
    const onViewport = () => {
      const zoom = viewport.get().zoom;
      if (zoom === lastZoom) return;
      lastZoom = zoom;
      schedule();
    };
    awareness.on('change', schedule);
    const unsubscribe = viewport.subscribe(onViewport);
    schedule();
    return () => {
      awareness.off('change', schedule);
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
      for (const c of cursors.values()) c.group.destroy();
    };
  }, [awareness, viewport, layerRef]);

  return <Layer ref={layerRef} listening={false} />;
});
