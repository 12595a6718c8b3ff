// Slack Web API failures → what to tell the person, in their language. The change that led to the call is
// already saved by then; the message says so, and the next change (or /parcours status) catches up.
import type { Language } from '../core/vocabulary.js';
import { translator } from '../i18n/index.js';

export interface SlackFailure {
  /** Slack's error code (channel_not_found, missing_scope…), or a transport code. */
  error: string;
  needed?: string;
}

export function slackFailure(error: unknown): SlackFailure {
  const e = error as { code?: string; data?: { error?: string; needed?: string }; retryAfter?: number } | undefined;
  if (e?.data?.error) return { error: e.data.error, ...(e.data.needed ? { needed: e.data.needed } : {}) };
  if (e?.code === 'slack_webapi_rate_limited_error') return { error: 'ratelimited' };
  return { error: typeof e?.code === 'string' && e.code.startsWith('slack_') ? e.code : 'unexpected' };
}

const UNREACHABLE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action', 'cannot_dm_bot', 'user_not_found', 'user_disabled', 'messages_tab_disabled']);

/** A sentence for the person: what happened, what to do, and that nothing was lost. */
export function describeFailure(f: SlackFailure, language: Language, command: string): string {
  const t = translator(language);
  if (UNREACHABLE.has(f.error)) return t('slack:errors.channelUnreachable', { command });
  if (f.error === 'missing_scope') return t('slack:errors.missingScope', { scope: f.needed ?? '?' });
  if (f.error === 'ratelimited') return t('slack:errors.rateLimited');
  if (f.error === 'unexpected') return t('present:problems.unexpected');
  return t('slack:errors.other', { error: f.error });
}

export function isUnreachable(f: SlackFailure): boolean {
  return UNREACHABLE.has(f.error);
}

/** Failures that trying again will not cure: an unreachable channel or person, a missing permission, a token gone. */
const PERMANENT = new Set([...UNREACHABLE, 'missing_scope', 'not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'team_not_found', 'no_ts']);

export function isPermanent(f: SlackFailure): boolean {
  return PERMANENT.has(f.error);
}
