import { z } from 'zod';
import { resolve } from 'node:path';
import { DEFAULT_LIMITS, MAX_TEXT_CEILING } from '@shared/limits';

/** The SQLite store's file in DATA_DIR: the server opens it; backup and store:copy read it. */
export const SQLITE_FILE = 'four-paths.sqlite';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

const ConfigSchema = z.object({
  PORT: int(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  // PostgreSQL instead of SQLite in DATA_DIR, and Redis between instances (docs/scale-out.md).
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  // Redis pub/sub between instances that share the store (docs/scale-out.md); without it the instance runs alone.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(LEVELS).default('info'),
  SESSION_SECRET: z.string().min(32).optional(),
  STATIC_DIR: z.string().min(1).default('./dist/client'),
  MAX_FRAME_BYTES: int(2 * 1024 * 1024),
  MAX_DOC_BYTES: int(16 * 1024 * 1024),
  // Board limits the client honours too (GET /api/config); readers never cut below MAX_TEXT_CEILING.
  MAX_NOTES: int(DEFAULT_LIMITS.maxNotes),
  MAX_TEXT: z.coerce.number().int().nonnegative().max(MAX_TEXT_CEILING).default(DEFAULT_LIMITS.maxText),
  MAX_AWARENESS_BYTES: int(8 * 1024),
  MAX_PARTICIPANTS: int(500),
  MAX_MESSAGES_PER_SECOND: int(200),
  // A connection with more than this waiting in its send buffer is closed as too slow; 0 turns the bound off.
  MAX_SEND_BUFFER_BYTES: int(8 * 1024 * 1024),
  MAX_BODY_BYTES: int(64 * 1024),
  ROOM_IDLE_MS: int(10_000),
  COMPACT_EVERY: int(500),
  // Admission: refused writes and sync requests per connection and minute before it is closed; client ids per person and room.
  MAX_REFUSALS_PER_MINUTE: int(30),
  // The client's heartbeat re-syncs the control room every 2 s (30 a minute); leave room for reconnects.
  MAX_SYNC_REQUESTS_PER_MINUTE: int(120),
  MAX_CLIENT_IDS_PER_PARTICIPANT: int(500),
  AWARENESS_FLUSH_MS: int(40),
  AWARENESS_KEEPALIVE_MS: int(15_000),
  // Per client address and minute; tests set them low.
  RATE_CREATE_PER_MINUTE: int(30),
  RATE_JOIN_PER_MINUTE: int(60),
  // Joins per workshop and minute, from all addresses together: a leaked link cannot fill a workshop at once.
  RATE_JOIN_PER_WORKSHOP_PER_MINUTE: int(120),
  // Per session token and minute (a burst of that many, then refilled evenly).
  RATE_DONE_PER_MINUTE: int(30),
  RATE_VOTES_PER_MINUTE: int(120),
  // Open WebSockets per session token, in all rooms together and in one room.
  MAX_SOCKETS_PER_TOKEN: int(32),
  MAX_SOCKETS_PER_TOKEN_PER_ROOM: int(8),
  // Browser origins allowed besides PUBLIC_URL's, comma-separated (e.g. a dev server).
  ALLOWED_ORIGINS: z.string().default(''),
  // SQLite waits at most this long for another process's lock, on the event loop; then the request gets 503.
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(50).default(5),
  // /healthz probes the store with a real write at most this often.
  HEALTH_PROBE_INTERVAL_MS: int(1000),
  // During an open vote with visible totals, totals are published at most this often, and only once two voters changed them.
  VOTE_TOTALS_BATCH_MS: int(2000),
  // Wrong join codes an address may try per minute before it must wait.
  RATE_CODE_PER_MINUTE: int(10),
  // Version history: at most one periodic snapshot per interval while the board changes.
  HISTORY_INTERVAL_MS: int(2 * 60_000),
  HISTORY_KEEP: int(200),
  // PDFs render one at a time on a worker thread; past this many waiting for it, a download gets 503.
  MAX_PDF_QUEUE: int(8),
  // 1: the PDF worker starts with the server and renders a small PDF, so the first download is warm; 0: it starts with the first download.
  PDF_WARM_UP: z.coerce.number().int().min(0).max(1).default(1),
});

export type Config = z.infer<typeof ConfigSchema> & { publicUrl: string; dataDir: string; allowedOrigins: string[] };

/** The origins of a comma-separated list of URLs, or the first entry that is not one. */
function parseOrigins(list: string): { origins: string[] } | { bad: string } {
  const origins: string[] = [];
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return { bad: entry };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { bad: entry };
    origins.push(url.origin);
  }
  return { origins };
}

/** Reads configuration from environment variables; throws a readable message on bad values. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const c = { ...parsed.data, ...overrides };
  const allowed = parseOrigins(c.ALLOWED_ORIGINS);
  if ('bad' in allowed) throw new Error(`invalid configuration: ALLOWED_ORIGINS: "${allowed.bad}" is not an http(s) URL`);
  // Instances sign tokens for each other: a secret each kept in its own data directory would split them.
  if (c.REDIS_URL && !c.SESSION_SECRET) throw new Error('invalid configuration: REDIS_URL joins instances together, and they must share SESSION_SECRET; set it (32 or more characters) on every instance');
  return {
    ...c,
    allowedOrigins: allowed.origins,
    dataDir: resolve(c.DATA_DIR),
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
  };
}
