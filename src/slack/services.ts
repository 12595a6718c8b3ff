// What the Slack listeners share: the engine and its queries, the Slack-side repositories, and helpers
// that turn a payload into who is acting, in which workspace, and where to answer them.
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../core/context.js';
import type { Engine, Outcome } from '../core/engine.js';
import type { Queries } from '../core/queries.js';
import type { Store } from '../core/store.js';
import type { Language } from '../core/vocabulary.js';
import type { SlackConversations } from '../db/slack-conversations.js';
import type { Logger } from '../log.js';
import type { Background } from './background.js';
import type { MetadataSigner } from './metadata.js';
import type { Publisher } from './publisher.js';
import type { Where } from './replies.js';

export interface Services {
  engine: Engine;
  queries: Queries;
  store: Store;
  conversations: SlackConversations;
  publisher: Publisher;
  background: Background;
  logger: Logger;
  signer: MetadataSigner;
  /** Language of what is shown outside a workshop (help, home, the framing form by default). */
  language: Language;
  /** The slash command, as configured in the manifest. */
  command: string;
  workspaces: Workspaces;
}

/** Slack team → Parcours workspace. The mapping lives in the database; this only saves a round trip. */
export class Workspaces {
  private readonly cache = new Map<string, string>();

  constructor(private readonly store: Store) {}

  async idOf(teamId: string, name = ''): Promise<string> {
    const known = this.cache.get(teamId);
    if (known) return known;
    const workspace = await this.store.ensureWorkspace('slack', teamId, name);
    this.cache.set(teamId, workspace.id);
    return workspace.id;
  }
}

export interface SlackUser {
  id: string;
  name?: string;
  username?: string;
}

export function actorOf(workspaceId: string, user: SlackUser): Actor {
  return { workspaceId, userId: user.id, displayName: (user.name ?? user.username ?? '').slice(0, 80) };
}

/** Reacts to what a command changed: messages to update, deliverables to send. Replays changed nothing. */
export function react(s: Services, client: WebClient, workspaceId: string, outcome: Outcome, who: Where, language: Language): void {
  if (!outcome.ok || outcome.replayed) return;
  for (const effect of outcome.effects) {
    switch (effect.kind) {
      case 'contentChanged':
      case 'stepChanged':
      case 'workshopCreated':
        s.publisher.refresh(client, workspaceId, effect.workshopId);
        break;
      case 'roadmapReady':
        s.publisher.refresh(client, workspaceId, effect.workshopId);
        s.publisher.deliverDraft(client, workspaceId, effect.workshopId, Date.now(), who, language);
        break;
      case 'workshopClosed':
        s.publisher.refresh(client, workspaceId, effect.workshopId);
        s.publisher.deliverFinal(client, workspaceId, effect.workshopId, who);
        break;
      default: {
        const never: never = effect;
        throw new Error(`unhandled effect ${JSON.stringify(never)}`);
      }
    }
  }
}

/**
 * A workshop's language, for answers about it; the default one when it cannot be read (e.g. not found).
 * Read afresh every time — one row, scoped to the workspace — and never remembered: the facilitator can
 * change it, through any replica, and the very next answer must be in the new language.
 */
export async function workshopLanguage(s: Services, workspaceId: string, workshopId: string | null): Promise<Language> {
  if (!workshopId) return s.language;
  try {
    return (await s.queries.language(workspaceId, workshopId)) ?? s.language;
  } catch (error) {
    s.logger.warn({ err: error, workshopId }, 'could not read the workshop’s language; answering in the default one');
    return s.language;
  }
}
