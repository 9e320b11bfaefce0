import { useCallback } from 'react';
import { ImportDialog } from '../panels/ImportDialog';
import { InviteDialog } from '../panels/InviteDialog';
import { PresentMode } from '../panels/PresentMode';
import type { BoardPanels } from './useBoardPanels';
import type { BoardSession } from './useBoardSession';

/**
 * The board's modal views: the invite links, Present mode and the import. Each owns its Escape
 * (a modal dialog closes itself), so the board's keyboard never sees that key while one is open.
 */
export function BoardDialogs({ board, panels }: { board: BoardSession; panels: BoardPanels }) {
  const { live, user } = board;
  const { isOpen, set } = panels;
  // Stable, as the dialogs keep them in their effects.
  const closeInvite = useCallback(() => set('invite', false), [set]);
  const leavePresent = useCallback(() => set('present', false), [set]);
  const setImportOpen = useCallback((open: boolean) => set('import', open), [set]);
  return (
    <>
      {isOpen.invite && <InviteDialog workshopId={board.workshop.id} token={board.token} onClose={closeInvite} />}
      {isOpen.present && <PresentMode notes={board.snapshot.notes} control={live.control} awareness={live.conn.board.provider.awareness} onLeave={leavePresent} />}
      {board.access.canEdit && (
        <ImportDialog open={isOpen.import} onOpenChange={setImportOpen} writing={board.writing} session={board.access.session} role={user.role} newColor={board.newColor} />
      )}
    </>
  );
}
