import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Layer, Shape, Stage } from 'react-konva';
import Konva from 'konva';
import type { Awareness } from 'y-protocols/awareness';
import { isOnFence } from '@shared/matrix';
import { PALETTE } from '@shared/palette';
import type { Note } from '@shared/schema/board';
import type { Wording } from '@shared/schema/wording';
import { readCursor, readUser } from '../session/presence';
import { fitViewport, matrixToWorld, NOTE_H, NOTE_W, presentExtent, type Insets, type Size } from './geometry';
import { MatrixLayer } from './MatrixLayer';
import { PresentTitles } from './PresentTitles';
import { fontSizesAtLeast, layoutNoteText, NOTE_FONT_FAMILY, noteFont, type TextLayout } from './noteText';
import { ViewportStore } from './viewportStore';

/** Notes are drawn this much larger than on the working board, for the back of the room. */
const PRESENT_NOTE_SCALE = 1.2;
/** The smallest note text on a projector, in CSS px. */
const PRESENT_MIN_TEXT_PX = 18;
/** A cursor that has not moved for this long is hidden: stale name tags would cover notes. */
const CURSOR_IDLE_MS = 3000;

const W = NOTE_W * PRESENT_NOTE_SCALE;
const H = NOTE_H * PRESENT_NOTE_SCALE;
const PAD = 9 * PRESENT_NOTE_SCALE;

let measureContext: CanvasRenderingContext2D | null = null;
function measure(text: string, fontSize: number): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * fontSize * 0.55;
  measureContext.font = noteFont(fontSize);
  return measureContext.measureText(text).width;
}

interface PresentNoteProps {
  note: Note;
  layout: TextLayout;
  fence: boolean;
  votes: number;
}

const PresentNote = memo(function PresentNote({ note, layout, fence, votes }: PresentNoteProps) {
  const at = matrixToWorld(note);
  const sceneFunc = (ctx: Konva.Context) => {
    ctx.setAttr('fillStyle', 'rgba(15, 23, 42, 0.12)');
    ctx.fillRect(-W / 2 + 2, -H / 2 + 4, W, H);
    ctx.setAttr('fillStyle', PALETTE[note.color]);
    ctx.fillRect(-W / 2, -H / 2, W, H);
    ctx.setAttr('lineWidth', fence ? 4 : 1.5);
    ctx.setAttr('strokeStyle', fence ? '#b45309' : 'rgba(15, 23, 42, 0.18)');
    if (fence) ctx.setLineDash([10, 6]);
    ctx.strokeRect(-W / 2, -H / 2, W, H);
    ctx.setLineDash([]);
    const top = -(layout.lines.length * layout.lineHeight) / 2;
    ctx.setAttr('fillStyle', '#1f2937');
    ctx.setAttr('font', noteFont(layout.fontSize));
    ctx.setAttr('textAlign', 'center');
    ctx.setAttr('textBaseline', 'middle');
    layout.lines.forEach((line, i) => ctx.fillText(line, 0, top + i * layout.lineHeight + layout.lineHeight / 2));
    if (votes > 0) {
      // The total sits inside its own note's bottom edge, so it cannot be read as a neighbour's.
      const label = String(votes);
      ctx.setAttr('font', `700 ${20}px ${NOTE_FONT_FAMILY}`);
      const w = Math.max(30, measure(label, 20) + 16);
      ctx.setAttr('fillStyle', '#1e3a8a');
      ctx.fillRect(W / 2 - w - 4, H / 2 - 30, w, 26);
      ctx.setAttr('fillStyle', '#ffffff');
      ctx.fillText(label, W / 2 - 4 - w / 2, H / 2 - 17);
    }
  };
  return <Shape x={at.x} y={at.y} sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
});

/** Others' pointers, each hidden once it has rested for CURSOR_IDLE_MS. */
function IdleCursors({ awareness, viewport, layerRef }: { awareness: Awareness; viewport: ViewportStore; layerRef: RefObject<Konva.Layer | null> }) {
  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const seen = new Map<number, { key: string; movedAt: number; node: Konva.Group }>();
    const render = () => {
      const now = Date.now();
      const scale = 1 / viewport.get().zoom;
      const present = new Set<number>();
      awareness.getStates().forEach((state, id) => {
        const user = readUser(state);
        const cursor = readCursor(state);
        if (id === awareness.clientID || !user || !cursor) return;
        present.add(id);
        const key = `${cursor.x},${cursor.y}`;
        let c = seen.get(id);
        if (!c) {
          const node = new Konva.Group({ listening: false });
          node.add(new Konva.Circle({ radius: 7, fill: user.color, stroke: '#fff', strokeWidth: 2 }));
          node.add(new Konva.Text({ x: 10, y: 6, text: user.name, fontSize: 14, fontStyle: 'bold', fontFamily: NOTE_FONT_FAMILY, fill: user.color }));
          layer.add(node);
          c = { key: '', movedAt: now, node };
          seen.set(id, c);
        }
        if (c.key !== key) {
          c.key = key;
          c.movedAt = now;
        }
        const at = matrixToWorld(cursor);
        c.node.setAttrs({ x: at.x, y: at.y, scaleX: scale, scaleY: scale, visible: now - c.movedAt < CURSOR_IDLE_MS });
      });
      for (const [id, c] of seen) {
        if (present.has(id)) continue;
        c.node.destroy();
        seen.delete(id);
      }
      layer.batchDraw();
    };
    awareness.on('change', render);
    const tick = setInterval(render, 500);
    render();
    return () => {
      awareness.off('change', render);
      clearInterval(tick);
      for (const c of seen.values()) c.node.destroy();
    };
  }, [awareness, viewport, layerRef]);
  return <Layer ref={layerRef} listening={false} />;
}

interface PresentBoardProps {
  notes: readonly Note[];
  totals: ReadonlyMap<string, number>;
  /** The workshop's own words for the paths and axes, as on the working board. */
  wording: Wording;
  markFence: boolean;
  awareness: Awareness;
  /** Room the phase and timer need at the top when the sides have none (screen px). */
  chrome: Size;
  /** Reports the smallest note text on screen, in CSS px (for tests and the README's claim). */
  onTextSize?: (px: number) => void;
}

/** A read-only canvas for the projector: the matrix filling the screen, large notes, idle cursors hidden. */
export function PresentBoard({ notes, totals, wording, markFence, awareness, chrome, onTextSize }: PresentBoardProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const viewport = useMemo(() => new ViewportStore(), []);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  const matrixRef = useRef<Konva.Layer>(null);
  const notesRef = useRef<Konva.Layer>(null);
  const cursorsRef = useRef<Konva.Layer>(null);
  const titlesRef = useRef<Konva.Layer>(null);

  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const measureSize = () => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    measureSize();
    const ro = new ResizeObserver(measureSize);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const extent = presentExtent(notes);
  const showParking = extent.maxX > 1.2;
  const vp = useMemo(() => {
    const side: Insets = { top: 10, right: 10, bottom: 10, left: 10 };
    const fit = fitViewport(extent, size, side);
    // The phase and timer sit in the top-left corner; leave them a strip only if the matrix would reach under them.
    const leftFree = matrixToWorld({ x: extent.minX, y: 0 }).x * fit.zoom + fit.x;
    return leftFree >= chrome.width + 16 ? fit : fitViewport(extent, size, { ...side, top: chrome.height + 16 });
  }, [extent.minX, extent.maxX, extent.minY, extent.maxY, size, chrome.width, chrome.height]);

  useEffect(() => {
    viewport.setSize(size);
    viewport.set(vp);
    for (const ref of [matrixRef, notesRef, titlesRef, cursorsRef]) {
      ref.current?.setAttrs({ x: vp.x, y: vp.y, scaleX: vp.zoom, scaleY: vp.zoom });
      ref.current?.batchDraw();
    }
  });

  const sizes = useMemo(() => fontSizesAtLeast(PRESENT_MIN_TEXT_PX, vp.zoom), [vp.zoom]);
  const layouts = useMemo(() => new Map(notes.map((n) => [n.id, layoutNoteText(n.text, W - 2 * PAD, H - 2 * PAD, measure, sizes)])), [notes, sizes]);
  const smallest = Math.min(...[...layouts.values()].map((l) => l.fontSize));
  useEffect(() => {
    if (Number.isFinite(smallest)) onTextSize?.(smallest * vp.zoom);
  }, [smallest, vp.zoom, onTextSize]);

  return (
    <div ref={containerRef} className="present__canvas" data-testid="present-canvas">
      {size.width > 0 && (
        <Stage width={size.width} height={size.height} listening={false}>
          <MatrixLayer key={showParking ? 'with-parking' : 'matrix'} viewport={viewport} layerRef={matrixRef} showParking={showParking} wording={wording} pathLabels={false} />
          <Layer ref={notesRef} listening={false}>
            {notes.map((n) => (
              <PresentNote key={n.id} note={n} layout={layouts.get(n.id)!} fence={markFence && isOnFence(n.x, n.y)} votes={totals.get(n.id) ?? 0} />
            ))}
          </Layer>
          <PresentTitles ref={titlesRef} paths={wording.paths} />
          <IdleCursors awareness={awareness} viewport={viewport} layerRef={cursorsRef} />
        </Stage>
      )}
    </div>
  );
}
