import { z } from 'zod';
import { MAX_NAME, MAX_TITLE } from '@shared/limits';
import { isId } from '@shared/rooms';
import { HttpError } from './errors';

// Control characters garble names on the board and in exports; direction marks, embeddings,
// overrides and isolates let a name reorder the text around it ("Fay (facilitator)").
const noControl = (s: string) => !/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/.test(s);
const NO_CONTROL = 'must not contain control or text-direction characters';

export const CreateWorkshopBody = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(MAX_TITLE, `title must be at most ${MAX_TITLE} characters`).refine(noControl, `title ${NO_CONTROL}`),
});

export const JoinBody = z.object({
  key: z.string().min(1).max(200),
  name: z.string().trim().min(1, 'name must not be empty').max(MAX_NAME, `name must be at most ${MAX_NAME} characters`).refine(noControl, `name ${NO_CONTROL}`),
});

/** Parses a JSON body against a schema, turning the first problem into a 400. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, `${where}${issue?.message ?? 'invalid request body'}`);
  }
  return result.data;
}

export function requireId(value: unknown, what = 'workshop'): string {
  if (!isId(value)) throw new HttpError(404, `${what} not found`);
  return value;
}
