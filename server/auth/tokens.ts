import { SignJWT, jwtVerify, errors } from 'jose';
import { createSecretKey, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isRole } from '@shared/roles';
import { isId } from '@shared/rooms';
import type { Claims } from './claims';

const ISSUER = 'four-paths';

export interface TokenService {
  sign(claims: Claims): Promise<string>;
  /** The claims of a valid token, or null for a missing, forged, expired or malformed one. */
  verify(token: string | undefined | null): Promise<Claims | null>;
}

/** The signing secret: SESSION_SECRET if set, else one generated once and kept in DATA_DIR. */
export function loadSecret(dataDir: string, fromEnv?: string): Uint8Array {
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'session-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export function createTokenService(secretBytes: Uint8Array, ttlSeconds = 60 * 60 * 24 * 30): TokenService {
  // Imported once: jose would otherwise import raw bytes on every sign and verify.
  const secret = createSecretKey(secretBytes);
  return {
    sign(claims) {
      return new SignJWT({ wid: claims.workshopId, role: claims.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.participantId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(secret);
    },
    async verify(token) {
      if (!token || token.length > 2048) return null;
      try {
        const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: ['HS256'] });
        const { wid, role, sub } = payload;
        if (!isId(wid) || !isId(sub) || !isRole(role)) return null;
        return { workshopId: wid, participantId: sub, role };
      } catch (err) {
        if (err instanceof errors.JOSEError || err instanceof TypeError) return null;
        throw err;
      }
    },
  };
}
