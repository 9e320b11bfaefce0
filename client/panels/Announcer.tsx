import { useSyncExternalStore } from 'react';
import { announcements } from '../session/announcer';

/**
 * The page's one polite live region. Two alternating nodes: a repeated message lands in a
 * fresh node, so screen readers read it again instead of ignoring an unchanged region.
 */
export function Announcer() {
  const { text, seq } = useSyncExternalStore(announcements.subscribe, announcements.get);
  const even = seq % 2 === 0;
  return (
    <div className="visually-hidden" data-testid="announcer">
      <div role="status" aria-live="polite" aria-atomic="true">
        {even ? text : ''}
      </div>
      <div role="status" aria-live="polite" aria-atomic="true">
        {even ? '' : text}
      </div>
    </div>
  );
}
