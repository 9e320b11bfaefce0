import type { Quadrant } from './matrix';

export interface PathInfo {
  key: Quadrant;
  name: string;
  trigger: 'internal' | 'external';
  aim: 'efficiency/profit' | 'meaning';
  /** One line shown inside the quadrant on the board. */
  hint: string;
  description: string;
  promoters: string;
  risk: string;
  engagesIdentity: boolean;
}

// Paraphrased from cv harquail, "Growing Social" (2011), in our own words.
export const PATHS: Record<Quadrant, PathInfo> = {
  technology: {
    key: 'technology',
    name: 'Technology',
    trigger: 'internal',
    aim: 'efficiency/profit',
    hint: 'The tools are here and they speed work up',
    description:
      'Social tools get adopted because they are available and attractive, and because they promise faster, cheaper, less wasteful work.',
    promoters: 'IT and knowledge-management specialists',
    risk: 'Can feel mechanical and leave people out',
    engagesIdentity: false,
  },
  'social-business': {
    key: 'social-business',
    name: 'Social Business',
    trigger: 'external',
    aim: 'efficiency/profit',
    hint: 'Connect customers with the people who serve them',
    description:
      'Social media first links the customer community with front-line staff; the rest of the organization then changes so it can answer the market.',
    promoters: 'Marketing and customer-relations teams',
    risk: 'Can become mostly about profit',
    engagesIdentity: false,
  },
  'collective-values': {
    key: 'collective-values',
    name: 'Collective Values',
    trigger: 'internal',
    aim: 'meaning',
    hint: 'Live our own values: community, openness, voice',
    description:
      'Leaders see that social tools can express values the organization already holds, such as participation, openness and community.',
    promoters: 'Leaders, HR, change agents and committed staff',
    risk: 'Can be dismissed as soft or "woo-woo"',
    engagesIdentity: true,
  },
  'product-resonance': {
    key: 'product-resonance',
    name: 'Product Resonance',
    trigger: 'external',
    aim: 'meaning',
    hint: 'What we offer the world asks us to live it inside',
    description:
      'What the organization sells or stands for calls for the same qualities inside it, so becoming social is a way of matching its own promise.',
    promoters: 'Rarely anyone in particular; mission-driven organizations',
    risk: 'Can drift into caring about appearances',
    engagesIdentity: true,
  },
};

export const AXES = {
  trigger: { label: 'Trigger', low: 'Internal', high: 'External' },
  aim: { label: 'Aim', low: 'Efficiency / profit', high: 'Meaning' },
} as const;
