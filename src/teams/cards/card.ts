// The shape of an Adaptive Card as we send it, shared by the builders and the checker.
import type { Mention } from './markdown.js';

export type Element = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Element[];
  actions?: Element[];
  msteams?: { width: 'Full'; entities?: Mention[] };
}

export const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
