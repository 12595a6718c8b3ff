// Slack payloads → who acted and where (the conversation layer's Origin), and form states ↔ the signed
// private_metadata that carries them through the person's client.
import type { FormState, Origin } from '../conversation/intents.js';
import type { ConversationLayer } from '../conversation/layer.js';
import type { Logger } from '../log.js';
import type { Metadata, MetadataSigner } from './metadata.js';

export interface SlackDeps {
  layer: ConversationLayer;
  signer: MetadataSigner;
  logger: Logger;
  /** The slash command, as configured in the manifest. */
  command: string;
}

export interface SlackUser {
  id: string;
  name?: string;
  username?: string;
}

export function originOf(team: string, user: SlackUser, where: { channel: string | null; thread: string | null }, deliveryId: string, teamName?: string): Origin {
  return {
    platform: 'slack', workspace: team, ...(teamName ? { workspaceName: teamName } : {}),
    userId: user.id, displayName: (user.name ?? user.username ?? '').slice(0, 80),
    conversationId: where.channel, threadId: where.thread, deliveryId,
  };
}

/** Signs a form's state for its round trip, bound to the team and user it is issued to. */
export function signState(signer: MetadataSigner, team: string, user: string, state: FormState): string {
  return signer.sign({
    f: state.form, tm: team, u: user, w: state.workshopId, c: state.conversationId, th: state.threadId,
    ...(state.page !== undefined ? { p: state.page } : {}), ...(state.subject ? { s: state.subject } : {}),
  });
}

export function stateOf(m: Metadata): FormState {
  return { form: m.f, workshopId: m.w, conversationId: m.c, threadId: m.th, ...(m.p !== undefined ? { page: m.p } : {}), ...(m.s ? { subject: m.s } : {}) };
}
