export const ROLES = ['facilitator', 'participant', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a role may write the board room (control writes are the facilitator's; drafts are checked per participant id). */
export function mayWriteBoard(role: Role): boolean {
  return role !== 'viewer';
}
