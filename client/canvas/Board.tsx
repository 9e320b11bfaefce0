import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Layer, Stage } from 'react-konva';
import type Konva from 'konva';
import type { Awareness } from 'y-protocols/awareness';
import type { Note } from '@shared/schema/board';
import type { NotesSnapshot } from '../session/notesStore';
import { CanvasGestures, type GestureTarget } from './gestures';
import { CursorLayer } from './CursorLayer';
import { DeferredLayer } from './deferredLayer';
import { boardExtent, fitViewport, matrixToWorld, visibleWorld, type Point } from './geometry';
import { boardInsets } from './insets';
import { MatrixLayer } from './MatrixLayer';
import { DraggedNote, NoteNode, type DrawView } from './NoteNode';
import type { ViewportStore } from './viewportStore';
import type { Wording } from '@shared/schema/wording';
import { useT } from '../i18n';

export interface BoardHandlers {
  select(id: string | null): void;
  edit(id: string): void;
  createAt(p: Point): void;
  dragStart(id: string): void;
  dragMove(id: string, p: Point): void;
  dragEnd(id: string, start: Point, end: Point): void;
  pointerAt(p: Point | null): void;
}

interface BoardProps {
  snapshot: NotesSnapshot;
  viewport: ViewportStore;
  awareness: Awareness;
  canEdit: boolean;
  selectedId: string | null;
  /** The note holding keyboard focus: drawn with a focus ring. */
  focusedId: string | null;
  editingId: string | null;
  handlers: BoardHandlers;
  /** The workshop's names for the paths and axes. */
  wording?: Wording;
}

/** Small layers cull notes to the screen plus this margin (screen px). */
const CULL_MARGIN_PX = 60;

interface DragState {
  id: string;
  start: Point;
}

/**
 * The canvas: a static matrix layer, the notes, a small layer for notes others are moving,
 * one for the note being dragged, and the cursors. Pan and zoom are applied to each layer
 * imperatively, so moving the view re-renders no React component, and the big notes layer
 * is only stretched while the view moves (see DeferredLayer).
 */
export function Board({ snapshot, viewport, awareness, canEdit, selectedId, focusedId, editingId, handlers, wording }: BoardProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const { t } = useT();
  const matrixLayerRef = useRef<Konva.Layer>(null);
  const notesLayerRef = useRef<Konva.Layer>(null);
  const activeLayerRef = useRef<Konva.Layer>(null);
  const dragLayerRef = useRef<Konva.Layer>(null);
  const cursorLayerRef = useRef<Konva.Layer>(null);
  const dragNodeRef = useRef<Konva.Shape>(null);
  const dragAt = useRef<Point | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [drag, setDrag] = useState<DragState | null>(null);
  const [panCursor, setPanCursor] = useState<'grab' | 'grabbing' | null>(null);
  // What notes read while drawing: the notes layer's view lags behind during gestures, the small layers' does not.
  const notesView = useMemo<DrawView>(() => ({ zoom: 1, visible: { minX: -Infinity, minY: -Infinity, maxX: Infinity, maxY: Infinity } }), []);
  const liveView = useMemo<DrawView>(() => ({ zoom: 1, visible: { minX: -Infinity, minY: -Infinity, maxX: Infinity, maxY: Infinity } }), []);
  const mounted = size.width > 0 && size.height > 0;

  // Gestures read the latest props through a ref, so listeners are bound once.
  const latest = useRef({ snapshot, canEdit, handlers });
  latest.current = { snapshot, canEdit, handlers };

  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const measure = () => {
      const next = { width: el.clientWidth, height: el.clientHeight };
      setSize((s) => (s.width === next.width && s.height === next.height ? s : next));
      viewport.setSize(next);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [viewport]);

  // The first time the canvas has a size, show the whole board clear of the panels over it.
  const fitted = useRef(false);
  useEffect(() => {
    const el = containerRef.current;
    if (fitted.current || !el || size.width === 0 || size.height === 0) return;
    fitted.current = true;
    viewport.set(fitViewport(boardExtent(latest.current.snapshot.notes, size), size, boardInsets(el)));
  }, [size, viewport]);

  useEffect(() => {
    const notesLayer = notesLayerRef.current;
    if (!mounted || !notesLayer) return;
    const deferred = new DeferredLayer(notesLayer, notesView, viewport.getSize);
    const apply = () => {
      const vp = viewport.get();
      const world = visibleWorld(vp, viewport.getSize());
      const margin = CULL_MARGIN_PX / vp.zoom;
      liveView.zoom = vp.zoom;
      liveView.visible = { minX: world.minX - margin, minY: world.minY - margin, maxX: world.maxX + margin, maxY: world.maxY + margin };
      for (const ref of [matrixLayerRef, activeLayerRef, dragLayerRef, cursorLayerRef]) {
        ref.current?.setAttrs({ x: vp.x, y: vp.y, scaleX: vp.zoom, scaleY: vp.zoom });
        ref.current?.batchDraw();
      }
      deferred.update(vp);
    };
    apply();
    const unsubscribe = viewport.subscribe(apply);
    return () => {
      unsubscribe();
      deferred.destroy();
    };
  }, [mounted, viewport, notesView, liveView]);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const target: GestureTarget = {
      viewport,
      notes: () => latest.current.snapshot.notes,
      canEdit: () => latest.current.canEdit,
      select: (id) => latest.current.handlers.select(id),
      edit: (id) => latest.current.handlers.edit(id),
      createAt: (p) => latest.current.handlers.createAt(p),
      dragStart: (id, start) => {
        dragAt.current = start;
        setDrag({ id, start });
        latest.current.handlers.dragStart(id);
      },
      dragMove: (id, p) => {
        dragAt.current = p;
        const node = dragNodeRef.current;
        if (node) {
          node.position(matrixToWorld(p));
          node.getLayer()?.batchDraw();
        }
        latest.current.handlers.dragMove(id, p);
      },
      dragEnd: (id, start, end) => {
        latest.current.handlers.dragEnd(id, start, end);
        dragAt.current = null;
        setDrag(null);
      },
      pointerAt: (p) => latest.current.handlers.pointerAt(p),
      setPanCursor,
    };
    const gestures = new CanvasGestures(el, target);
    // Clicking the canvas puts keyboard focus on it, where the board's single-key shortcuts work.
    const takeFocus = () => el.focus({ preventScroll: true });
    el.addEventListener('pointerdown', takeFocus);
    return () => {
      el.removeEventListener('pointerdown', takeFocus);
      gestures.destroy();
    };
  }, [viewport]);

  // The dragged node mounts a frame after the drag began: put it where the pointer is now.
  useLayoutEffect(() => {
    const node = dragNodeRef.current;
    if (drag && node && dragAt.current) {
      node.position(matrixToWorld(dragAt.current));
      node.getLayer()?.batchDraw();
    }
  }, [drag]);

  const draggedNote = drag ? snapshot.byId.get(drag.id) : undefined;
  const activeNotes: Note[] = [];
  for (const id of snapshot.active) {
    const n = snapshot.byId.get(id);
    if (n && id !== drag?.id) activeNotes.push(n);
  }

  const cursor = panCursor === 'grabbing' ? 'grabbing' : panCursor === 'grab' ? 'grab' : 'default';
  return (
    <div
      ref={containerRef}
      className="board-canvas"
      style={{ cursor }}
      data-testid="board-canvas"
      data-board-focus=""
      tabIndex={-1}
      role="region"
      aria-label={t('board.canvas')}
      aria-describedby="note-keys-help"
    >
      {mounted && (
        <Stage width={size.width} height={size.height} listening={false}>
          <MatrixLayer viewport={viewport} layerRef={matrixLayerRef} wording={wording} />
          <Layer ref={notesLayerRef} listening={false}>
            {snapshot.notes.map((n) => (
              <NoteNode
                key={n.id}
                note={n}
                view={notesView}
                selected={n.id === selectedId}
                focused={n.id === focusedId}
                editing={n.id === editingId}
                hidden={n.id === drag?.id || snapshot.active.has(n.id)}
              />
            ))}
          </Layer>
          <Layer ref={activeLayerRef} listening={false}>
            {activeNotes.map((n) => (
              <NoteNode key={n.id} note={n} view={liveView} selected={n.id === selectedId} focused={n.id === focusedId} editing={n.id === editingId} hidden={false} />
            ))}
          </Layer>
          <Layer ref={dragLayerRef} listening={false}>
            {drag && draggedNote && <DraggedNote note={draggedNote} view={liveView} start={matrixToWorld(drag.start)} nodeRef={dragNodeRef} />}
          </Layer>
          <CursorLayer awareness={awareness} viewport={viewport} layerRef={cursorLayerRef} />
        </Stage>
      )}
    </div>
  );
}
