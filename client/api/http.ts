import { tUi } from '../i18n';

// The client's one way to call our HTTP API: JSON in and out, the session token as a bearer
// header, and an answer that is not OK turned into an ApiError carrying the server's { error }.

export class ApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when the server could not be reached. */
    readonly status: number,
  ) {
    super(message);
  }
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** The session token, sent as `Authorization: Bearer …`. */
  token?: string;
  signal?: AbortSignal;
  cache?: RequestCache;
}

/** Statuses with a plain message of their own (ui.api.<status>) when the server sent none. */
const KNOWN_STATUSES = new Set([400, 401, 403, 404, 409, 429, 503]);

/** Calls the API and returns its JSON object ({} for 204); throws ApiError otherwise. */
export async function requestJson(path: string, opts: RequestOptions = {}): Promise<Json> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
      cache: opts.cache,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new ApiError(tUi('api.unreachable'), 0);
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy error page or an empty body: the status tells enough.
  }
  if (!res.ok) {
    const serverMessage = isObject(body) && typeof body.error === 'string' ? body.error : null;
    throw new ApiError(serverMessage ?? (KNOWN_STATUSES.has(res.status) ? tUi(`api.${res.status}`) : tUi('common.serverAnswered', { status: res.status })), res.status);
  }
  if (res.status === 204) return {};
  if (!isObject(body)) throw new ApiError(tUi('history.unexpected'), 502);
  return body;
}

/** `/api/workshops/<id>`, the prefix of every call about one workshop. */
export const workshopPath = (workshopId: string) => `/api/workshops/${encodeURIComponent(workshopId)}`;
