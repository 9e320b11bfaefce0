import { memo, useEffect, useRef, type Ref } from 'react';
import { Arrow, Group, Layer, Rect, Text } from 'react-konva';
import Konva from 'konva';
import { FENCE_MARGIN, PARKING, type Quadrant } from '@shared/matrix';
import { standardWording } from '@shared/i18n/summaryI18n';
import type { Wording } from '@shared/schema/wording';
import { FENCE_OPACITY, MATRIX_INK } from '@shared/matrixInk';
import { QUADRANT_TINT } from '@shared/palette';
import { UNIT } from './geometry';
import type { ViewportStore } from './viewportStore';
import { NOTE_FONT_FAMILY } from './noteText';
import { useT } from '../i18n';

const M = UNIT; // the matrix spans -M…M world px in both directions
const FONT = NOTE_FONT_FAMILY;

interface QuadrantSpec {
  key: Quadrant;
  x: number;
  y: number;
  align: 'left' | 'right';
  top: boolean;
}

const QUADRANT_SPECS: QuadrantSpec[] = [
  { key: 'collective-values', x: -M, y: -M, align: 'left', top: true },
  { key: 'product-resonance', x: 0, y: -M, align: 'right', top: true },
  { key: 'technology', x: -M, y: 0, align: 'left', top: false },
  { key: 'social-business', x: 0, y: 0, align: 'right', top: false },
];

const NAME_SIZE = 32;
const HINT_SIZE = 17;
const NAME_GAP = 6;
const INSET = 22;
const LABEL_W = M - 2 * INSET;

/** Height of wrapped text, measured the way Konva will draw it. */
function textHeight(text: string, fontSize: number, fontStyle: string, lineHeight = 1): number {
  return new Konva.Text({ text, fontSize, fontStyle, fontFamily: FONT, width: LABEL_W, wrap: 'word', lineHeight }).height();
}

function QuadrantLabel({ spec, wording }: { spec: QuadrantSpec; wording: Wording }) {
  const path = wording.paths[spec.key];
  const x = spec.x + INSET;
  const nameH = textHeight(path.name, NAME_SIZE, 'bold');
  const hintH = textHeight(path.hint, HINT_SIZE, 'normal', 1.25);
  // Names sit in the outer corners, away from the fence where notes gather.
  const nameY = spec.top ? spec.y + INSET : spec.y + M - INSET - nameH - NAME_GAP - hintH;
  return (
    <>
      <Text x={x} y={nameY} width={LABEL_W} align={spec.align} text={path.name} fontSize={NAME_SIZE} fontStyle="bold" fontFamily={FONT} fill={MATRIX_INK.pathName} />
      <Text
        x={x}
        y={nameY + nameH + NAME_GAP}
        width={LABEL_W}
        align={spec.align}
        text={path.hint}
        fontSize={HINT_SIZE}
        lineHeight={1.25}
        fontFamily={FONT}
        fill={MATRIX_INK.pathHint}
        wrap="word"
      />
    </>
  );
}

const AXIS_COLOR = MATRIX_INK.axis;
const AXIS_TITLE = { fontSize: 19, fontStyle: 'bold', fontFamily: FONT, fill: MATRIX_INK.axisTitle, letterSpacing: 1.5 } as const;
const PARK = { x: PARKING.minX * UNIT, y: -PARKING.maxY * UNIT, w: (PARKING.maxX - PARKING.minX) * UNIT, h: (PARKING.maxY - PARKING.minY) * UNIT };

interface MatrixLayerProps {
  viewport: ViewportStore;
  layerRef: Ref<Konva.Layer>;
  showParking?: boolean;
  wording?: Wording;
  /** Each path's name and hint in its quadrant; off where big titles are drawn over the notes instead (Present mode). */
  pathLabels?: boolean;
}

/**
 * The 2×2, its axis titles and the parking area: drawn once, cached as a bitmap and never
 * hit-tested. The cache is redrawn at a resolution to suit the zoom once zooming settles.
 */
export const MatrixLayer = memo(function MatrixLayer({ viewport, layerRef, showParking = true, wording: given, pathLabels = true }: MatrixLayerProps) {
  const { t, language } = useT();
  const wording = given ?? standardWording(language);
  const groupRef = useRef<Konva.Group>(null);

  useEffect(() => {
    const group = groupRef.current;
    if (!group) return;
    let cachedRatio = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const recache = () => {
      timer = null;
      const wanted = Math.min(4, Math.max(1, Math.ceil(viewport.get().zoom * (window.devicePixelRatio || 1) * 2) / 2));
      if (wanted === cachedRatio) return;
      cachedRatio = wanted;
      group.cache({ pixelRatio: wanted, offset: 4 });
      group.getLayer()?.batchDraw();
    };
    recache();
    const unsubscribe = viewport.subscribe(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(recache, 250);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  // New wording or another language redraws the cached picture.
  }, [viewport, wording, language, pathLabels]);

  const fence = FENCE_MARGIN * UNIT;
  return (
    <Layer ref={layerRef} listening={false}>
      <Group ref={groupRef}>
        {QUADRANT_SPECS.map((q) => (
          <Rect key={q.key} x={q.x} y={q.y} width={M} height={M} fill={QUADRANT_TINT[q.key]} />
        ))}
        {/* The fence: notes this close to an axis are "on the fence" and worth discussing. */}
        <Rect x={-fence} y={-M} width={2 * fence} height={2 * M} fill={MATRIX_INK.fence} opacity={FENCE_OPACITY} />
        <Rect x={-M} y={-fence} width={2 * M} height={2 * fence} fill={MATRIX_INK.fence} opacity={FENCE_OPACITY} />
        <Rect x={-M} y={-M} width={2 * M} height={2 * M} stroke={MATRIX_INK.frame} strokeWidth={2} />
        <Arrow points={[-M - 30, 0, M + 30, 0]} pointerAtBeginning stroke={AXIS_COLOR} fill={AXIS_COLOR} strokeWidth={2.5} pointerLength={14} pointerWidth={12} />
        <Arrow points={[0, M + 30, 0, -M - 30]} pointerAtBeginning stroke={AXIS_COLOR} fill={AXIS_COLOR} strokeWidth={2.5} pointerLength={14} pointerWidth={12} />
        {pathLabels && QUADRANT_SPECS.map((q) => <QuadrantLabel key={q.key} spec={q} wording={wording} />)}

        <Text x={-M} y={-M - 74} width={2 * M} align="center" text={wording.axes.aim.high.toUpperCase()} {...AXIS_TITLE} />
        <Text x={-M} y={-M - 50} width={2 * M} align="center" text={wording.axes.aim.label.toLowerCase()} fontSize={15} fontFamily={FONT} fill={MATRIX_INK.axisLabel} />
        <Text x={-M} y={M + 38} width={2 * M} align="center" text={wording.axes.aim.low.toUpperCase()} {...AXIS_TITLE} />
        <Text x={-M} y={M + 62} width={2 * M} align="center" text={wording.axes.aim.label.toLowerCase()} fontSize={15} fontFamily={FONT} fill={MATRIX_INK.axisLabel} />
        {/* The trigger axis is labelled inside the ends of its line: the gap to the parking area is too narrow. */}
        <Text x={-M + 14} y={-27} width={M - 60} align="left" text={wording.axes.trigger.low.toUpperCase()} {...AXIS_TITLE} />
        <Text x={-M + 14} y={9} width={M - 60} align="left" text={wording.axes.trigger.label.toLowerCase()} fontSize={15} fontFamily={FONT} fill={MATRIX_INK.axisLabel} />
        <Text x={46} y={-27} width={M - 60} align="right" text={wording.axes.trigger.high.toUpperCase()} {...AXIS_TITLE} />
        <Text x={46} y={9} width={M - 60} align="right" text={wording.axes.trigger.label.toLowerCase()} fontSize={15} fontFamily={FONT} fill={MATRIX_INK.axisLabel} />

        {showParking && (
          <>
            <Rect x={PARK.x} y={PARK.y} width={PARK.w} height={PARK.h} fill={MATRIX_INK.parkingFill} stroke={MATRIX_INK.parkingEdge} strokeWidth={2} dash={[12, 9]} cornerRadius={18} />
            <Text x={PARK.x} y={PARK.y - 74} width={PARK.w} align="center" text={t('parking.title').toUpperCase()} {...AXIS_TITLE} fill={MATRIX_INK.parkingTitle} />
            <Text x={PARK.x} y={PARK.y - 50} width={PARK.w} align="center" text={t('parking.help')} fontSize={15} fontFamily={FONT} fill={MATRIX_INK.parkingHelp} />
          </>
        )}
      </Group>
    </Layer>
  );
});
