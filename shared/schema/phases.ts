// A workshop's phases, in order, and what each asks of the people in it.

export const PHASES = ['collect', 'place', 'vote', 'discuss', 'done'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_GUIDANCE: Record<Phase, string> = {
  collect: 'Write your initiatives on notes. Only you can see them until the facilitator reveals them.',
  place: 'Drag each note into the path where it belongs. Leave it on a line if you are unsure.',
  vote: 'Spend your dots on the notes that matter most to your organization.',
  discuss: 'Talk through the notes on the fence and those that moved around.',
  done: 'The workshop is over. Download the summary to take it home.',
};

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

export function nextPhase(phase: Phase): Phase | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

export function previousPhase(phase: Phase): Phase | null {
  return PHASES[PHASES.indexOf(phase) - 1] ?? null;
}
