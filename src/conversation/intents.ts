// What a person did, said the same way on every platform: the adapters turn a slash command, a click, a
// submitted form or an opened tab into one of these, with where it came from.
import type { FormId } from '../present/forms/ids.js';
import type { FormValues } from '../present/model.js';
import type { PlatformName } from './storage.js';

/** Who acted, where, and the platform's delivery id (a re-delivery carries the same one). */
export interface Origin {
  platform: PlatformName;
  /** The platform's workspace (a Slack team, a Teams tenant). */
  workspace: string;
  workspaceName?: string;
  userId: string;
  displayName: string;
  /** The conversation and thread the person acted in, when any (not in a home tab). */
  conversationId: string | null;
  threadId: string | null;
  deliveryId: string;
}

/**
 * A form as it was issued, coming back with its submission: the adapter carries it through the platform
 * (signed: it makes a round trip through the person's client) and the layer trusts only what it checks.
 */
export interface FormState {
  form: FormId | 'ballot';
  workshopId: string | null;
  /** Where answers go: the conversation and thread the form was opened from. */
  conversationId: string | null;
  threadId: string | null;
  /** The item a subject form is about (a stage, a department). */
  subject?: string;
  /** The ballot's page. */
  page?: number;
}

export type Intent =
  /** A typed command: `new fr`, `status`… (what follows the command's name). */
  | { kind: 'command'; text: string }
  /** A button or a menu choice: the action's name and its packed value. `form` when it was clicked inside one (the ballot). */
  | { kind: 'action'; action: string; value: string | undefined; form: FormState | null }
  | { kind: 'submit'; state: FormState; values: FormValues; fieldIds: string[]; title: string }
  /** A choice other fields depend on was made in an open form (a stage, then its touchpoints): the form is redrawn. */
  | { kind: 'refresh'; state: FormState; values: FormValues }
  /** A form or button that cannot be used: unknown to this version, or its signature does not hold. */
  | { kind: 'unusable'; problem: 'unknownAction' | 'tampered' }
  | { kind: 'homeOpened' }
  /**
   * A message a person wrote in a conversation without addressing the bot (contribute.ts): in a workshop's
   * thread, it may be offered back to them as a contribution. `threads`: whether the conversation has threads
   * (a Slack channel, a Teams channel); where it has none (a Teams group chat), every message in it is the
   * workshop's. The origin's delivery id names the message itself, so that a re-delivery offers once.
   */
  | { kind: 'message'; text: string; threads: boolean };
