import { ROLES, isRole, type Role } from '@shared/roles';
import type { InviteBook } from '../store/types';
import type { Sealer } from './sealing';

/**
 * The facilitator's invite panel needs the links again after creation, but the workshops table
 * keeps only key hashes. So each role's current key and the current join code are kept here
 * sealed; the code is also indexed by its hash, which is what a guess is looked up by.
 */
export interface InviteStore {
  saveKey(workshopId: string, role: Role, key: string): Promise<void>;
  /** The current keys, or null for a workshop created before invites were kept. */
  keys(workshopId: string): Promise<Record<Role, string> | null>;
  saveCode(workshopId: string, code: string, codeHash: string): Promise<void>;
  code(workshopId: string): Promise<string | null>;
  workshopForCodeHash(codeHash: string): Promise<string | null>;
}

/** Seals what goes into the store's invite book and opens what comes out. */
export function openInviteStore(book: InviteBook, sealer: Sealer): InviteStore {
  return {
    saveKey: (workshopId, role, key) => book.saveInviteKey(workshopId, role, sealer.seal(key)),
    async keys(workshopId) {
      const found: Partial<Record<Role, string>> = {};
      for (const [role, sealed] of Object.entries(await book.inviteKeys(workshopId))) {
        const key = sealed === undefined ? null : sealer.open(sealed);
        if (isRole(role) && key) found[role] = key;
      }
      return ROLES.every((r) => found[r]) ? (found as Record<Role, string>) : null;
    },
    saveCode: (workshopId, code, codeHash) => book.saveJoinCode(workshopId, codeHash, sealer.seal(code)),
    async code(workshopId) {
      const sealed = await book.joinCode(workshopId);
      return sealed === null ? null : sealer.open(sealed);
    },
    workshopForCodeHash: (codeHash) => book.workshopForCodeHash(codeHash),
  };
}
