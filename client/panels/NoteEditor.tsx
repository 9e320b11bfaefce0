import { useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Note } from '@shared/schema/board';
import { fitNoteText } from '@shared/schema/note';
import { PALETTE } from '@shared/palette';
import { matrixToScreen, NOTE_H, NOTE_W } from '../canvas/geometry';
import { layoutFor } from '../canvas/NoteNode';
import { NOTE_FONT_FAMILY } from '../canvas/noteText';
import type { ViewportStore } from '../canvas/viewportStore';
import { useT } from '../i18n';
import { useLimits } from '../session/limits';

interface NoteEditorProps {
  note: Note;
  viewport: ViewportStore;
  onSave: (text: string) => void;
  onCancel: () => void;
}

// Phones zoom the page into inputs under 16px, so the editor never goes below it.
const MIN_FONT_PX = 16;
const MIN_WIDTH_PX = 220;
const EDGE = 8;

/**
 * Edits a note's text in place: a textarea laid over the note at the current zoom, grown to
 * a comfortable size when the note is small on screen. Enter or clicking away saves, Shift+Enter
 * starts a new line, Escape cancels.
 */
export function NoteEditor({ note, viewport, onSave, onCancel }: NoteEditorProps) {
  const vp = useSyncExternalStore(viewport.subscribe, viewport.get);
  const size = useSyncExternalStore(viewport.subscribe, viewport.getSize);
  const [text, setText] = useState(note.text);
  const ref = useRef<HTMLTextAreaElement>(null);
  const done = useRef(false);
  const { t } = useT();
  const limits = useLimits();

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    if (save) onSave(text);
    else onCancel();
  };

  const center = matrixToScreen(vp, note);
  // The text as it will look on the note, but never smaller than is comfortable to type in.
  const noteFontPx = layoutFor(text || ' ').fontSize * vp.zoom;
  const fontSize = Math.max(MIN_FONT_PX, noteFontPx);
  const scale = Math.max(1, fontSize / noteFontPx, MIN_WIDTH_PX / (NOTE_W * vp.zoom));
  const width = Math.min(size.width - 2 * EDGE, NOTE_W * vp.zoom * scale);
  const height = Math.min(size.height - 2 * EDGE, NOTE_H * vp.zoom * scale);
  const left = Math.min(Math.max(EDGE, center.x - width / 2), size.width - width - EDGE);
  const top = Math.min(Math.max(EDGE, center.y - height / 2), size.height - height - EDGE);

  return (
    <div className="note-editor" style={{ left, top, width, height, background: PALETTE[note.color] }}>
      <textarea
        ref={ref}
        aria-label={t('editor.label')}
        value={text}
        maxLength={limits.maxText}
        placeholder={t('editor.placeholder')}
        style={{ fontSize, fontFamily: NOTE_FONT_FAMILY }}
        onChange={(e) => setText(fitNoteText(e.target.value, limits))}
        onBlur={() => finish(true)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') {
            e.preventDefault();
            finish(false);
          } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            finish(true);
          }
        }}
      />
      <span className={`note-editor__count${text.length > limits.maxText - 50 ? ' is-near' : ''}`} aria-live="polite">
        {text.length}/{limits.maxText}
      </span>
    </div>
  );
}
