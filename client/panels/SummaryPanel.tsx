import type * as Y from 'yjs';

export interface SummaryPanelProps {
  workshopId: string;
  token: string;
  board: Y.Doc;
  control: Y.Doc;
  onClose: () => void;
}

// Placeholder until the summary panel lands; the board mounts it from the toolbar.
export function SummaryPanel({ onClose }: SummaryPanelProps) {
  return (
    <aside className="panel summary-panel">
      <button onClick={onClose}>Close</button>
    </aside>
  );
}
