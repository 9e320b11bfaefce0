import type { Database } from 'better-sqlite3';
import { ROLES, isRole, type Role } from '@shared/roles';
import type { Sealer } from './sealing';

/**
 * The facilitator's invite panel needs the links again after creation, but the workshops table
 * keeps only key hashes. So each role's current key and the current join code are kept here
 * sealed; the code is also indexed by its hash, which is what a guess is looked up by.
 */
export interface InviteStore {
  saveKey(workshopId: string, role: Role, key: string): void;
  /** The current keys, or null for a workshop created before invites were kept. */
  keys(workshopId: string): Record<Role, string> | null;
  saveCode(workshopId: string, code: string, codeHash: string): void;
  code(workshopId: string): string | null;
  workshopForCodeHash(codeHash: string): string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS invite_keys (
  workshop_id TEXT NOT NULL REFERENCES workshops(id), role TEXT NOT NULL, sealed TEXT NOT NULL,
  PRIMARY KEY (workshop_id, role)
);
CREATE TABLE IF NOT EXISTS join_codes (
  workshop_id TEXT PRIMARY KEY REFERENCES workshops(id), code_hash TEXT NOT NULL UNIQUE, sealed TEXT NOT NULL
);
`;

export function openInviteStore(db: Database, sealer: Sealer): InviteStore {
  db.exec(SCHEMA);
  const q = {
    putKey: db.prepare('INSERT OR REPLACE INTO invite_keys (workshop_id, role, sealed) VALUES (?, ?, ?)'),
    keys: db.prepare<[string], { role: string; sealed: string }>('SELECT role, sealed FROM invite_keys WHERE workshop_id = ?'),
    putCode: db.prepare('INSERT OR REPLACE INTO join_codes (workshop_id, code_hash, sealed) VALUES (?, ?, ?)'),
    code: db.prepare<[string], { sealed: string }>('SELECT sealed FROM join_codes WHERE workshop_id = ?'),
    byHash: db.prepare<[string], { workshop_id: string }>('SELECT workshop_id FROM join_codes WHERE code_hash = ?'),
  };
  return {
    saveKey(workshopId, role, key) {
      q.putKey.run(workshopId, role, sealer.seal(key));
    },
    keys(workshopId) {
      const found: Partial<Record<Role, string>> = {};
      for (const row of q.keys.all(workshopId)) {
        const key = sealer.open(row.sealed);
        if (isRole(row.role) && key) found[row.role] = key;
      }
      return ROLES.every((r) => found[r]) ? (found as Record<Role, string>) : null;
    },
    saveCode(workshopId, code, codeHash) {
      q.putCode.run(workshopId, codeHash, sealer.seal(code));
    },
    code(workshopId) {
      const row = q.code.get(workshopId);
      return row ? sealer.open(row.sealed) : null;
    },
    workshopForCodeHash(codeHash) {
      return q.byHash.get(codeHash)?.workshop_id ?? null;
    },
  };
}
