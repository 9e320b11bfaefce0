import type { Role } from '@shared/roles';

export interface CreatedWorkshop {
  id: string;
  title: string;
  createdAt: number;
  keys: Record<Role, string>;
  links: Record<Role, string>;
}

export interface Joined {
  participantId: string;
  role: Role;
  token: string;
}

export async function createWorkshop(url: string, title = 'Growing social at Acme'): Promise<CreatedWorkshop> {
  const res = await fetch(`${url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create workshop: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedWorkshop;
}

export async function join(url: string, workshop: CreatedWorkshop, role: Role, name: string): Promise<Joined> {
  const res = await fetch(`${url}/api/workshops/${workshop.id}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key: workshop.keys[role], name }),
  });
  if (!res.ok) throw new Error(`join: ${res.status} ${await res.text()}`);
  return (await res.json()) as Joined;
}
