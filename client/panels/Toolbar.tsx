import { COLOR_KEYS, PALETTE, type ColorKey } from '@shared/palette';
import { COLOR_NAMES } from './colorNames';
import { Icon } from './icons';
import { usePopover } from './usePopover';

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
  return (
    <div className="color-picker" ref={ref}>
      <button className="tool" aria-label={label} aria-expanded={open} title={label} onClick={() => setOpen((o) => !o)}>
        <span className="swatch" style={{ background: PALETTE[color] }} />
        <span className="tool__label">Colour</span>
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
  const mod = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';
  return (
    <div className="toolbar" role="toolbar" aria-label="Board tools">
      {p.canEdit && (
        <>
          <button className="tool tool--primary" onClick={p.onAddNote} title="Add a note (N)" data-testid="add-note">
            <Icon name="plus" />
            <span className="tool__label">Note</span>
          </button>
          <ColorPicker color={p.color} onPick={p.onPickColor} label={p.hasSelection ? 'Colour of the selected note' : 'Colour for new notes'} />
          <button className="tool" onClick={p.onEditNote} disabled={!p.hasSelection} title="Edit the selected note (Enter)" aria-label="Edit note">
            <Icon name="edit" />
            <span className="tool__label tool__label--wide">Edit</span>
          </button>
          <button className="tool" onClick={p.onDelete} disabled={!p.canDelete} title="Delete the selected note (Delete)" aria-label="Delete note">
            <Icon name="trash" />
            <span className="tool__label tool__label--wide">Delete</span>
          </button>
          <span className="toolbar__sep" />
          <button className="tool" onClick={p.onUndo} disabled={!p.canUndo} title={`Undo (${mod}Z)`} aria-label="Undo">
            <Icon name="undo" />
          </button>
          <button className="tool" onClick={p.onRedo} disabled={!p.canRedo} title={`Redo (${mod}Shift+Z)`} aria-label="Redo">
            <Icon name="redo" />
          </button>
          {p.onImport && (
            <button className="tool" onClick={p.onImport} title="Import notes from a list or a CSV file" data-testid="import-notes" aria-label="Import notes">
              <Icon name="import" />
              <span className="tool__label tool__label--wide">Import</span>
            </button>
          )}
          <span className="toolbar__sep" />
        </>
      )}
      <button className="tool" onClick={p.onToggleList} aria-pressed={p.listOpen} aria-label="List" title="The notes as a list, by path">
        <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" aria-hidden="true">
          <path d="M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01" />
        </svg>
        <span className="tool__label">List</span>
      </button>
      <button className="tool" onClick={p.onSummary} title="Summary of the session">
        <Icon name="summary" />
        <span className="tool__label">Summary</span>
      </button>
      {p.onPresent && (
        <button className="tool" onClick={p.onPresent} title="Present mode, for a projector (Escape leaves)" aria-label="Present">
          <Icon name="fit" />
          <span className="tool__label">Present</span>
        </button>
      )}
      {p.onInvite && (
        <button className="tool" onClick={p.onInvite} title="Links, QR codes and the join code" aria-label="Invite" aria-haspopup="dialog">
          <Icon name="people" />
          <span className="tool__label">Invite</span>
        </button>
      )}
    </div>
  );
}
