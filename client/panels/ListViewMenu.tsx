import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../i18n';

interface MenuChoice {
  key: string;
  label: string;
  /** Shown before the label, e.g. a colour swatch. */
  mark?: ReactNode;
  current?: boolean;
}

interface ListViewMenuProps {
  label: string;
  /** Its accessible name, when the visible label alone is too short out of context. */
  name: string;
  choices: readonly MenuChoice[];
  onChoose: (key: string) => void;
  buttonRef?: (el: HTMLButtonElement | null) => void;
}

/**
 * A menu button (WAI-ARIA menu pattern): Enter, Space or ArrowDown opens it on the first
 * choice, arrows and Home/End move, Enter picks, Escape closes; focus returns to the button.
 * Unlike a native select, moving through the choices does not act on each of them.
 */
export function ListViewMenu({ label, name, choices, onChoose, buttonRef }: ListViewMenuProps) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement | null>(null);
  const items = useRef<Array<HTMLButtonElement | null>>([]);
  const menuId = useId();
  const { t } = useT();

  useEffect(() => {
    if (open) items.current[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [open]);

  const closeAndReturn = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const last = choices.length - 1;
    const moves: Record<string, number> = { ArrowDown: active === last ? 0 : active + 1, ArrowUp: active === 0 ? last : active - 1, Home: 0, End: last };
    if (e.key in moves) {
      e.preventDefault();
      setActive(moves[e.key]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      closeAndReturn();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className="list-menu" ref={root}>
      <button
        ref={(el) => {
          button.current = el;
          buttonRef?.(el);
        }}
        type="button"
        className="list-button"
        aria-label={name}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => {
          setActive(0);
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(e.key === 'ArrowDown' ? 0 : choices.length - 1);
            setOpen(true);
          }
        }}
      >
        {label}
      </button>
      {open && (
        <div className="list-menu__items" role="menu" id={menuId} aria-label={name} onKeyDown={onMenuKey}>
          {choices.map((c, i) => (
            <button
              key={c.key}
              ref={(el) => {
                items.current[i] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              aria-current={c.current ? 'true' : undefined}
              className="list-menu__item"
              onClick={() => {
                closeAndReturn();
                onChoose(c.key);
              }}
            >
              {c.mark}
              <span>
                {c.label}
                {c.current && <span className="list-menu__current"> {t('list.now')}</span>}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
