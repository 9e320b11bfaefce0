// Room names (DESIGN.md §3): <workshopId>/board, <workshopId>/control, <workshopId>/drafts/<participantId>

export type RoomKind = 'board' | 'control' | 'drafts';

export interface RoomName {
  workshopId: string;
  kind: RoomKind;
  /** Set for drafts rooms. */
  participantId?: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

export function parseRoomName(name: string): RoomName | null {
  const parts = name.split('/');
  const [workshopId, kind, participantId] = parts;
  if (!isId(workshopId)) return null;
  if (parts.length === 2 && (kind === 'board' || kind === 'control')) return { workshopId, kind };
  if (parts.length === 3 && kind === 'drafts' && isId(participantId)) return { workshopId, kind, participantId };
  return null;
}

export const boardRoom = (workshopId: string) => `${workshopId}/board`;
export const controlRoom = (workshopId: string) => `${workshopId}/control`;
export const draftsRoom = (workshopId: string, participantId: string) => `${workshopId}/drafts/${participantId}`;
