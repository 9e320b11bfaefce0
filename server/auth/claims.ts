import type { Role } from '@shared/roles';

/** What a signed session token carries. */
export interface Claims {
  workshopId: string;
  participantId: string;
  role: Role;
}
