export const ROLES = ['facilitator', 'participant', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Which rooms of a workshop a role may write. Drafts are checked per participant id. */
export function mayWriteBoard(role: Role): boolean {
  return role !== 'viewer';
}

export function mayWriteControl(role: Role): boolean {
  return role === 'facilitator';
}
