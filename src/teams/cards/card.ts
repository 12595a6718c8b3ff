// The shape of an Adaptive Card as we send it, shared by the builders and the checker.
import type { Mention } from './markdown.js';

export type Element = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Element[];
  actions?: Element[];
  /**
   * Teams' user-specific views: a client showing the card asks the bot for its own version (an invoke with
   * `trigger: 'automatic'`) — for the `userIds` given (Teams ids, `29:…`, at most 60), else for everyone in a
   * conversation of at most 60 members (others can ask with Refresh in the message's menu).
   */
  refresh?: { action: Element; userIds?: string[] };
  msteams?: { width: 'Full'; entities?: Mention[] };
}

export const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
