import { boardRoom, controlRoom } from '@shared/rooms';
import type { Language } from '@shared/i18n/catalogs';
import type { Role } from '@shared/roles';
import { readBoard } from '@shared/schema/board';
import { readParticipants, readSession, readVotes, type Participant } from '@shared/schema/control';
import { totalsHiddenFrom } from '@shared/schema/sessionRules';
import { readWording } from '@shared/schema/wording';
import type { SummaryInput } from '@shared/summary/compute';
import type { ServerDeps } from '../deps';
import { HttpError } from '../api/errors';

/** Reads everything a workshop's summary needs, for one reader's role. */
export function summarySnapshot(deps: ServerDeps): (workshopId: string, role: Role, timeZone: string | undefined, language: Language) => Promise<SummaryInput> {
  return async (workshopId, role, timeZone, language) => {
    const workshop = await deps.data.getWorkshop(workshopId);
    if (!workshop) throw new HttpError(404, 'workshop not found');
    const [cast, people] = await Promise.all([deps.data.votesCast(workshopId), deps.data.listParticipants(workshopId)]);
    // Board and control doc are read in one synchronous turn; votes on notes gone meanwhile are left out below.
    const { board, control } = await deps.docs.readDocs([boardRoom(workshopId), controlRoom(workshopId)], ([boardDoc, controlDoc]) => ({
      board: readBoard(boardDoc!),
      control: {
        participants: readParticipants(controlDoc!),
        session: readSession(controlDoc!),
        wording: readWording(controlDoc!),
        publishedVotes: readVotes(controlDoc!),
      },
    }));
    const noteIds = new Set(board.notes.map((n) => n.id));
    const votesCast = new Map<string, number>();
    // Totals from the votes table: the control room holds none while a vote runs with totals hidden.
    let votes = new Map<string, number>();
    for (const row of cast) {
      if (!noteIds.has(row.noteId)) continue;
      votesCast.set(row.participantId, (votesCast.get(row.participantId) ?? 0) + row.count);
      votes.set(row.noteId, (votes.get(row.noteId) ?? 0) + row.count);
    }
    const { phase } = control.session;
    // While a vote is open, only the facilitator sees it as it stands; everyone else gets the published (batched) totals and no per-person counts.
    const seesLiveVotes = phase !== 'vote' || role === 'facilitator';
    if (!seesLiveVotes) votes = control.publishedVotes;
    // The store is the record of who joined; the control doc may hold someone the store does not (restored rooms). Removed people are left out.
    const participants = new Map<string, Participant>(control.participants.map((p) => [p.id, p]));
    for (const p of people) participants.set(p.id, { id: p.id, name: p.name, role: p.role, joinedAt: p.joinedAt });
    for (const id of participants.keys()) if (deps.access.isRemoved(id)) participants.delete(id);
    return {
      workshop: { id: workshop.id, title: workshop.title, createdAt: workshop.createdAt },
      board,
      participants: [...participants.values()],
      votes,
      votesCast: seesLiveVotes ? votesCast : undefined,
      votesHidden: totalsHiddenFrom(control.session, role),
      generatedAt: Date.now(),
      timeZone,
      wording: control.wording,
      language,
      anonymous: control.session.anonymous,
    };
  };
}
