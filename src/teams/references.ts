// Who the bot can reach in a tenant, learnt from every activity and kept in the database (src/db/teams-references.ts,
// handed over by src/server.ts): a person's Teams id, name, the connector's address and their personal chat with
// the bot. Proactive messages (a department head's items, a private answer) start from it, so they survive a
// restart and work from any replica. Keyed by the Parcours workspace of the tenant and the person's user id
// (their Entra object id, as the people picker names them).
import type { InboundActivity } from './sdk.js';
import { userOf } from './activity.js';

export interface TeamsReference {
  workspaceId: string;
  /** Entra object id, or the Teams id when Teams gave none. */
  userId: string;
  /** The Teams id (29:…) the connector opens a personal chat with. */
  teamsUserId: string;
  /** '' when unknown: a stored name is kept. */
  name: string;
  serviceUrl: string;
  /** null when unknown: a stored conversation is kept. */
  personalConversationId: string | null;
}

export interface TeamsReferenceStore {
  /** The tenant's Parcours workspace, read only: never creates it, never clears a removal mark (jobs call it). */
  workspaceOf(tenant: string): Promise<string | null>;
  /**
   * Records what is new; writes nothing when the stored reference already says it (it runs on every activity), and
   * may skip even the read for a person it lately saw unchanged. `get` never answers from such a memory.
   */
  learn(reference: TeamsReference): Promise<void>;
  get(workspaceId: string, userId: string): Promise<TeamsReference | null>;
  /** The connector's address the tenant's most recent activity gave; null before any. */
  serviceUrlOf(workspaceId: string): Promise<string | null>;
  /** Names known of these people, by user id (a card's mentions need them). */
  namesOf(workspaceId: string, userIds: readonly string[]): Promise<Map<string, string>>;
  /** People's Teams ids (29:…) by user id, for those known: what a card's refresh.userIds names. */
  teamsIdsOf(workspaceId: string, userIds: readonly string[]): Promise<Map<string, string>>;
  /** The person removed the app from their personal scope: the bot can no longer write to them. */
  forget(workspaceId: string, userId: string): Promise<void>;
}

/** What an activity says of the person who sent it. */
export function referenceOf(a: InboundActivity, workspaceId: string): TeamsReference {
  return {
    workspaceId, userId: userOf(a), teamsUserId: a.from.id, name: (a.from.name ?? '').slice(0, 200), serviceUrl: a.serviceUrl,
    personalConversationId: a.conversation.conversationType === 'personal' ? a.conversation.id : null,
  };
}
