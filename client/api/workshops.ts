import { isRole, type Role } from '@shared/roles';
import { tUi } from '../i18n';
import { ApiError, isObject, requestJson, workshopPath, type Json } from './http';

// The workshop calls of our HTTP API. Every answer is checked before the app trusts it.

export interface RoleLinks {
  facilitator: string;
  participant: string;
  viewer: string;
}

export interface CreatedWorkshop {
  id: string;
  title: string;
  createdAt: number;
  keys: RoleLinks;
  links: RoleLinks;
}

export interface JoinResult {
  participantId: string;
  role: Role;
  token: string;
}

export interface WorkshopInfo {
  id: string;
  title: string;
  createdAt: number;
  role: Role;
  participantId: string;
}

function str(o: Json, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ApiError(tUi('api.unexpectedField', { field: key }), 502);
  return v;
}

/** Accepts ms since epoch or an ISO date, since either reads naturally in JSON. */
function time(o: Json, key: string): number {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return Date.parse(v);
  throw new ApiError(tUi('api.unexpectedField', { field: key }), 502);
}

function role(o: Json): Role {
  if (!isRole(o.role)) throw new ApiError(tUi('api.unexpectedField', { field: 'role' }), 502);
  return o.role;
}

function roleLinks(v: unknown, what: string): RoleLinks {
  if (!isObject(v)) throw new ApiError(tUi('api.unexpectedField', { field: what }), 502);
  return { facilitator: str(v, 'facilitator'), participant: str(v, 'participant'), viewer: str(v, 'viewer') };
}

export async function createWorkshop(title: string): Promise<CreatedWorkshop> {
  const o = await requestJson('/api/workshops', { method: 'POST', body: { title } });
  return { id: str(o, 'id'), title: str(o, 'title'), createdAt: time(o, 'createdAt'), keys: roleLinks(o.keys, 'keys'), links: roleLinks(o.links, 'links') };
}

export async function joinWorkshop(workshopId: string, key: string, name: string): Promise<JoinResult> {
  const o = await requestJson(`${workshopPath(workshopId)}/join`, { method: 'POST', body: { key, name } });
  return { participantId: str(o, 'participantId'), role: role(o), token: str(o, 'token') };
}

export async function fetchWorkshop(workshopId: string, token: string): Promise<WorkshopInfo> {
  const o = await requestJson(workshopPath(workshopId), { token });
  return { id: str(o, 'id'), title: str(o, 'title'), createdAt: time(o, 'createdAt'), role: role(o), participantId: str(o, 'participantId') };
}

/** Takes someone out of the workshop (facilitators only): their sockets close and their token stops working. */
export async function removeParticipant(workshopId: string, participantId: string, token: string): Promise<void> {
  await requestJson(`${workshopPath(workshopId)}/participants/${encodeURIComponent(participantId)}`, { method: 'DELETE', token });
}

/** Gives a role's link a new key (facilitators only); the old link stops admitting anyone new. */
export async function rotateLink(workshopId: string, linkRole: Role, token: string): Promise<{ key: string; link: string }> {
  const o = await requestJson(`${workshopPath(workshopId)}/links/${linkRole}/rotate`, { method: 'POST', token });
  return { key: str(o, 'key'), link: str(o, 'link') };
}

export interface Invite {
  /** Null for a workshop created before the links were kept. */
  links: RoleLinks | null;
  code: string;
  joinUrl: string;
}

export async function fetchInvite(workshopId: string, token: string): Promise<Invite> {
  const o = await requestJson(`${workshopPath(workshopId)}/invite`, { token });
  return { links: o.links === null ? null : roleLinks(o.links, 'links'), code: str(o, 'code'), joinUrl: str(o, 'joinUrl') };
}

export async function joinWithCode(code: string, name: string): Promise<JoinResult & { workshopId: string }> {
  const o = await requestJson('/api/join-code', { method: 'POST', body: { code, name } });
  return { workshopId: str(o, 'workshopId'), participantId: str(o, 'participantId'), role: role(o), token: str(o, 'token') };
}
