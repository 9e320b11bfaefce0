import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { findDuplicates, type DuplicateMatch } from '@shared/import/duplicates';
import { normalizeText } from '@shared/import/normalize';
import { parseCsv } from '@shared/import/parseCsv';
import { parseList } from '@shared/import/parseList';
import { importRefusal, planNotes } from '@shared/import/plan';
import type { ImportRow } from '@shared/import/rows';
import { isPlaced, QUADRANTS, type Quadrant } from '@shared/matrix';
import type { ColorKey } from '@shared/palette';
import { readBoard } from '@shared/schema/board';
import type { Session } from '@shared/schema/control';
import type { Wording } from '@shared/schema/wording';
import type { Role } from '@shared/roles';
import { useT, type UiT } from '../i18n';
import { useLimits } from '../session/limits';
import type { WritingTarget } from '../session/drafts';
import { useControl } from '../session/useControl';
import { useWording } from '../session/useWording';
import { useEscapeToClose } from './useEscapeToClose';
import './ImportDialog.css';

// Bring notes in: a pasted list or a CSV file, previewed with duplicates marked, created in one undoable step.

type Format = 'list' | 'csv';

export interface ImportSeed {
  text: string;
  format: Format;
  fileName?: string;
}

export interface ImportDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  writing: WritingTarget;
  session: Session;
  role: Role;
  newColor: ColorKey;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** A header row naming a text column means a table, whatever the file was called. */
function looksLikeCsv(text: string): boolean {
  const first = (text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').toLowerCase();
  return /[,;\t]/.test(first) && /(^|[,;\t"])\s*(text|note|initiative|notiz|texte|texto)\s*("|[,;\t]|$)/.test(first);
}

function pathLabel(row: ImportRow, t: UiT, wording: Wording): string {
  if (row.at) return isPlaced(row.at.x, row.at.y) ? t('import.atPosition') : t('import.parking');
  return row.path ? wording.paths[row.path as Quadrant].name : t('import.parking');
}

function matchLabel(m: DuplicateMatch, t: UiT): string {
  return m.kind === 'duplicate' ? t('import.duplicateOf', { note: m.of }) : t('import.similarTo', { note: m.of });
}

export function ImportDialog({ open, onOpenChange, writing, session, role, newColor }: ImportDialogProps) {
  const [seed, setSeed] = useState<ImportSeed>({ text: '', format: 'list' });
  const [excluded, setExcluded] = useState<Set<number> | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const { t } = useT();
  const limits = useLimits();
  const live = writing.live;
  const mayImport = role !== 'viewer';
  const wording = useWording(live.control);
  const close = useCallback(() => onOpenChange(false), [onOpenChange]);
  useEscapeToClose(open ? close : null);

  // Pasting several lines onto the board, or dropping a .csv file, opens the dialog with them.
  useEffect(() => {
    if (!mayImport) return;
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!/\S.*\r?\n.*\S/s.test(text)) return;
      e.preventDefault();
      setSeed({ text, format: looksLikeCsv(text) ? 'csv' : 'list' });
      setExcluded(null);
      onOpenChange(true);
    };
    const onDragOver = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file || !/\.(csv|tsv|txt)$/i.test(file.name)) return;
      e.preventDefault();
      void file.text().then((text) => {
        setSeed({ text, format: /\.txt$/i.test(file.name) && !looksLikeCsv(text) ? 'list' : 'csv', fileName: file.name });
        setExcluded(null);
        onOpenChange(true);
      });
    };
    window.addEventListener('paste', onPaste);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [mayImport, onOpenChange]);

  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => setDone(null), 6000);
    return () => clearTimeout(timer);
  }, [done]);

  useEffect(() => {
    if (open) {
      setDone(null);
      if (!seed.text) textRef.current?.focus();
    }
  }, [open, seed.text]);

  // A file's path column may use the names the board shows (the workshop's own, else the standard ones in this language).
  const pathNames = useMemo(() => Object.fromEntries(QUADRANTS.map((q) => [q, wording.paths[q].name])), [wording]);
  const parsed = useMemo(() => (seed.format === 'csv' ? parseCsv(seed.text, pathNames, limits) : parseList(seed.text, limits)), [seed, pathNames, limits]);
  const rows = parsed.ok ? parsed.rows : [];
  const existing = useMemo(() => {
    if (!open) return [];
    const target = live.notes.get().notes.map((n) => n.text);
    // During private writing the board may already hold notes revealed earlier.
    return writing.isPrivate ? [...target, ...readBoard(live.conn.board.doc).notes.map((n) => n.text)] : target;
  }, [open, live, writing.isPrivate]);
  const matches = useMemo(() => findDuplicates(rows.map((r) => r.text), existing), [rows, existing]);
  // Exact duplicates start unticked; near-duplicates are only a hint.
  const skip = excluded ?? new Set(matches.flatMap((m, i) => (m?.kind === 'duplicate' ? [i] : [])));
  const chosen = rows.filter((_, i) => !skip.has(i));

  const participants = useControl(live.control, (s) => s.participants);
  const authorIdOf = (name: string | null): string | null => {
    if (!name || role !== 'facilitator') return null;
    const wanted = normalizeText(name);
    return participants.find((p) => normalizeText(p.name) === wanted)?.id ?? null;
  };

  const refusal = parsed.ok
    ? importRefusal(
        { role, phase: session.phase, locked: session.locked, into: writing.isPrivate ? 'drafts' : 'board', existing: live.notes.get().notes.length, maxNotes: limits.maxNotes },
        chosen.length,
      )
    : parsed.error;

  const create = () => {
    if (refusal) return;
    const parked = live.notes.get().notes.filter((n) => !isPlaced(n.x, n.y)).length;
    const planned = planNotes(chosen, newColor, parked);
    live.actions.createNotes(planned, (i) => authorIdOf(chosen[i]!.author));
    setDone(t(writing.isPrivate ? 'import.addedPrivate' : 'import.addedBoard', { count: chosen.length }));
    setSeed({ text: '', format: 'list' });
    setExcluded(null);
    onOpenChange(false);
  };

  const toggle = (i: number) => {
    const next = new Set(skip);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    setExcluded(next);
  };

  if (!open) return done ? <p className="import-done" role="status">{done}</p> : null;
  return (
    <div className="overlay">
      <div className="dialog import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title">
        <h2 id="import-title">{t('toolbar.importNotes')}</h2>
        <p className="muted">
          {writing.isPrivate ? t('import.intoPrivate') : t('import.ontoBoard')} {t('import.howTo')}
        </p>
        <label className="import-dialog__label" htmlFor="import-text">
          {seed.fileName ? t('import.from', { file: seed.fileName }) : t('import.paste')}
        </label>
        <textarea
          id="import-text"
          ref={textRef}
          className="import-dialog__text"
          rows={5}
          value={seed.text}
          onChange={(e) => {
            setSeed({ ...seed, text: e.target.value });
            setExcluded(null);
          }}
          placeholder={t('import.placeholder')}
        />
        <div className="import-dialog__row">
          <fieldset className="import-dialog__format">
            <legend>{t('import.readAs')}</legend>
            {(['list', 'csv'] as const).map((f) => (
              <label key={f}>
                <input type="radio" name="import-format" checked={seed.format === f} onChange={() => setSeed({ ...seed, format: f })} />
                {f === 'list' ? t('toolbar.list') : t('import.csv')}
              </label>
            ))}
          </fieldset>
          <label className="button">
            {t('import.chooseFile')}
            <input
              type="file"
              accept=".csv,.tsv,.txt,text/csv,text/plain"
              hidden
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void file.text().then((text) => setSeed({ text, format: /\.txt$/i.test(file.name) && !looksLikeCsv(text) ? 'list' : 'csv', fileName: file.name }));
              }}
            />
          </label>
        </div>
        {rows.length > 0 && (
          <div className="import-dialog__preview">
            <table aria-label={t('import.toCreate')}>
              <thead>
                <tr>
                  <th scope="col">{t('import.add')}</th>
                  <th scope="col">{t('toolbar.note')}</th>
                  <th scope="col">{t('import.path')}</th>
                  <th scope="col">{t('import.check')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => {
                  const m = matches[i];
                  const notes = [m ? matchLabel(m, t) : null, row.shortened ? t('import.shortened', { max: limits.maxText }) : null, row.warning].filter(Boolean);
                  return (
                    <tr key={row.line} className={m ? `is-${m.kind}` : undefined} data-testid="import-row">
                      <td>
                        <input type="checkbox" aria-label={t('import.addLine', { line: row.line })} checked={!skip.has(i)} onChange={() => toggle(i)} />
                      </td>
                      <td>{row.text}</td>
                      <td>{pathLabel(row, t, wording)}</td>
                      <td>{notes.join(' · ')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {refusal && (seed.text.trim() || !parsed.ok) && (
          <p className="form-error" role="alert">
            {refusal.charAt(0).toUpperCase() + refusal.slice(1)}.
          </p>
        )}
        <div className="dialog__actions">
          <button className="button button--primary" disabled={refusal !== null} onClick={create} data-testid="import-create">
            {t('import.create', { count: chosen.length })}
          </button>
          <button className="button" onClick={close}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
