import { COLOR_KEYS, PALETTE, type ColorKey } from '@shared/palette';
import { COLOR_NAMES } from './colorNames';
import { Icon } from './icons';
import { usePopover } from './usePopover';
import { useT } from '../i18n';

interface ToolbarProps {
  canEdit: boolean;
  /** The colour shown: the selected note's, or the one new notes get. */
  color: ColorKey;
  hasSelection: boolean;
  /** The selected note is one this person may delete (their own, or any for facilitators). */
  canDelete: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onAddNote: () => void;
  onEditNote: () => void;
  onPickColor: (color: ColorKey) => void;
  onDelete: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onSummary: () => void;
  listOpen: boolean;
  onToggleList: () => void;
  /** Facilitators only: opens the invite panel. */
  onInvite?: () => void;
  /** Viewers and facilitators: the projector view. */
  onPresent?: () => void;
  onImport?: () => void;
}


function ColorPicker({ color, onPick, label }: { color: ColorKey; onPick: (c: ColorKey) => void; label: string }) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const { t } = useT();
  return (
    <div className="color-picker" ref={ref}>
      <button className="tool" aria-label={label} aria-expanded={open} title={label} onClick={() => setOpen((o) => !o)}>
        <span className="swatch" style={{ background: PALETTE[color] }} />
        <span className="tool__label">{t('toolbar.colour')}</span>
      </button>
      {open && (
        <div className="color-picker__menu" role="menu">
          {COLOR_KEYS.map((c) => (
            <button
              key={c}
              role="menuitemradio"
              aria-checked={c === color}
              aria-label={COLOR_NAMES[c]}
              title={COLOR_NAMES[c]}
              className={`swatch swatch--button${c === color ? ' is-current' : ''}`}
              style={{ background: PALETTE[c] }}
              onClick={() => {
                onPick(c);
                setOpen(false);
              }}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/** The editing tools; viewers get only the summary. Each button calls one named command. */
export function Toolbar(p: ToolbarProps) {
  const { t } = useT();
  const mod = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      {p.canEdit && (
        <>
          <button className="tool tool--primary" onClick={p.onAddNote} title={t('toolbar.addNote')} data-testid="add-note">
            <Icon name="plus" />
            <span className="tool__label">{t('toolbar.note')}</span>
          </button>
          <ColorPicker color={p.color} onPick={p.onPickColor} label={p.hasSelection ? t('toolbar.colourSelected') : t('toolbar.colourNew')} />
          <button className="tool" onClick={p.onEditNote} disabled={!p.hasSelection} title={t('toolbar.editTitle')} aria-label={t('toolbar.editNote')}>
            <Icon name="edit" />
            <span className="tool__label tool__label--wide">{t('toolbar.edit')}</span>
          </button>
          <button className="tool" onClick={p.onDelete} disabled={!p.canDelete} title={t('toolbar.deleteTitle')} aria-label={t('toolbar.deleteNote')}>
            <Icon name="trash" />
            <span className="tool__label tool__label--wide">{t('toolbar.delete')}</span>
          </button>
          <span className="toolbar__sep" />
          <button className="tool" onClick={p.onUndo} disabled={!p.canUndo} title={t('toolbar.undoTitle', { keys: `${mod}Z` })} aria-label={t('toolbar.undo')}>
            <Icon name="undo" />
          </button>
          <button className="tool" onClick={p.onRedo} disabled={!p.canRedo} title={t('toolbar.redoTitle', { keys: `${mod}Shift+Z` })} aria-label={t('toolbar.redo')}>
            <Icon name="redo" />
          </button>
          {p.onImport && (
            <button className="tool" onClick={p.onImport} title={t('toolbar.importTitle')} data-testid="import-notes" aria-label={t('toolbar.importNotes')}>
              <Icon name="import" />
              <span className="tool__label tool__label--wide">{t('toolbar.import')}</span>
            </button>
          )}
          <span className="toolbar__sep" />
        </>
      )}
      <button className="tool" onClick={p.onToggleList} aria-pressed={p.listOpen} aria-label={t('toolbar.list')} title={t('toolbar.listTitle')}>
        <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" aria-hidden="true">
          <path d="M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01" />
        </svg>
        <span className="tool__label">{t('toolbar.list')}</span>
      </button>
      <button className="tool" onClick={p.onSummary} title={t('toolbar.summaryTitle')}>
        <Icon name="summary" />
        <span className="tool__label">{t('toolbar.summary')}</span>
      </button>
      {p.onPresent && (
        <button className="tool" onClick={p.onPresent} title={t('toolbar.presentTitle')} aria-label={t('toolbar.present')}>
          <Icon name="fit" />
          <span className="tool__label">{t('toolbar.present')}</span>
        </button>
      )}
      {p.onInvite && (
        <button className="tool" onClick={p.onInvite} title={t('toolbar.inviteTitle')} aria-label={t('toolbar.invite')} aria-haspopup="dialog">
          <Icon name="people" />
          <span className="tool__label">{t('toolbar.invite')}</span>
        </button>
      )}
    </div>
  );
}
