import { forwardRef } from 'react';
import { Label, Layer, Tag, Text } from 'react-konva';
import type Konva from 'konva';
import type { Wording } from '@shared/schema/wording';
import { UNIT } from './geometry';
import { NOTE_FONT_FAMILY } from './noteText';

const M = UNIT;
const INSET = 14;
const SIZE = 30;

/**
 * The four path names drawn over the notes, on a light tag in each outer corner: on a projector
 * a full quadrant would otherwise hide which path it is.
 */
export const PresentTitles = forwardRef<Konva.Layer, { paths: Wording['paths'] }>(function PresentTitles({ paths }, ref) {
  const corners = [
    { key: 'collective-values', x: -M + INSET, y: -M + INSET, right: false, bottom: false },
    { key: 'product-resonance', x: M - INSET, y: -M + INSET, right: true, bottom: false },
    { key: 'technology', x: -M + INSET, y: M - INSET, right: false, bottom: true },
    { key: 'social-business', x: M - INSET, y: M - INSET, right: true, bottom: true },
  ] as const;
  return (
    <Layer ref={ref} listening={false}>
      {corners.map((c) => (
        <Label key={c.key} x={c.x} y={c.y}>
          <Tag fill="rgba(255, 255, 255, 0.88)" cornerRadius={6} pointerDirection="none" />
          <Text
            text={paths[c.key].name}
            fontSize={SIZE}
            fontStyle="bold"
            fontFamily={NOTE_FONT_FAMILY}
            fill="#1e293b"
            padding={8}
            ref={(node) => {
              // Anchor the tag by its outer corner: measure once drawn, then shift.
              const label = node?.getParent();
              if (!node || !label) return;
              label.offsetX(c.right ? node.width() : 0);
              label.offsetY(c.bottom ? node.height() : 0);
            }}
          />
        </Label>
      ))}
    </Layer>
  );
});
