// The `contribute` job (contribute.ts records it): a message written in a workshop's thread, classified by the
// assistant — the message and the stages as `{ id, text }` data, never a name or a platform id — and offered to
// its author privately, once per message: the offer is a delivery claimed under the message's own key
// (deliverables.ts deliverOnce), so a second job for a re-delivered copy, on any replica, asks nothing more.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Step } from '../core/vocabulary.js';
import { channelKey } from '../core/touchpoints.js';
import { contributionNotice, type ContributionKind, type ContributionOffer } from '../present/contribute.js';
import { words } from '../present/text.js';
import type { AssistScope, ClassifyOutput } from './assistant.js';
import { deliverOnce } from './deliverables.js';
import type { ConversationDeps } from './deps.js';
import type { Messenger } from './platform.js';

/**
 * Longer than this, a message is a discussion rather than a note (an observation is 500 characters at most):
 * it is not even queued. Below it, the classifier decides.
 */
export const MAX_MESSAGE = 2_000;

/**
 * The kinds a step takes, as the engine accepts them (core/workflow.ts: touchpoints from their step on,
 * observations from evaluation on). Before touchpoints (framing, persona, stages) nothing the classifier finds
 * could be added; from solutions on, the thread is about solutions and messages are not classified (no model call).
 */
const ACCEPTED: Partial<Record<Step, readonly ContributionKind[]>> = {
  touchpoints: ['touchpoint'],
  evaluation: ['touchpoint', 'irritant', 'enchantment', 'rupture'],
};

const id = z.string().min(1).max(200);
export const ContributeData = z.object({
  workspaceId: id, workshopId: id, platform: z.enum(['slack', 'teams']), workspace: id,
  /** The author, and where they wrote (the offer is shown there, privately). */
  tell: z.object({ userId: id, conversationId: id.nullable(), threadId: id.nullable() }),
  text: z.string().min(1).max(MAX_MESSAGE),
  /** The message's own key (from its delivery id): the job's coalescing key and the offer's delivery key. */
  key: id,
});
export type ContributeJob = z.infer<typeof ContributeData>;

export const digest = (text: string): string => createHash('sha256').update(text).digest('base64url');

/**
 * Classifies the message and offers it to its author, once per message. Nothing is said when the workshop is
 * closed or in a step that takes no contribution, when the message does not read as one, or when its kind is
 * not taken at this step: the message was chat, and chat gets no answer.
 */
export async function offerContribution(d: ConversationDeps, m: Messenger, data: ContributeJob, isPermanent: (error: unknown) => boolean): Promise<void> {
  await deliverOnce(d, data.workspaceId, data.workshopId, data.key, async () => {
    const s = await d.queries.snapshot(data.workspaceId, data.workshopId);
    const kinds = ACCEPTED[s.workshop.step];
    if (s.workshop.status !== 'open' || !kinds || s.stages.length === 0) return null;
    const scope: AssistScope = { workspaceId: data.workspaceId, workshopId: data.workshopId, language: s.workshop.language };
    const answered = await d.assistant.classify(scope, { message: data.text, stages: s.stages.map((x) => ({ id: x.id, text: x.label })) });
    const offer = offerOf(s, answered.value, data.text, kinds);
    if (!offer) return null;
    // With AI off the built-in method is the normal way, not a fallback: no notice then. When the model failed,
    // answered nonsense or the budget is spent, the offer says it came from the built-in method, as other suggestions do.
    const notice = answered.notice === 'off' ? null : answered.notice;
    const view = contributionNotice(s, offer, notice, digest(data.key).slice(0, 12));
    if (view) await m.tell(data.tell, view);
    return null;
  }, isPermanent);
}

/**
 * What the classifier's answer can be offered as: a kind this step takes, at one of the workshop's stages; a
 * touchpoint needs a channel the message names (one of the workshop's, or of the usual list), else no offer —
 * the touchpoint form is there for the rest.
 */
export function offerOf(s: WorkshopSnapshot, value: ClassifyOutput, message: string, kinds: readonly ContributionKind[]): ContributionOffer | null {
  if (!value || !kinds.includes(value.kind) || !s.stages.some((x) => x.id === value.stageId)) return null;
  const text = value.text.trim();
  if (!text) return null;
  if (value.kind !== 'touchpoint') return { kind: value.kind, stageId: value.stageId, channel: null, text };
  const usual = words(s.workshop.language).p('channels', { returnObjects: true }) as unknown as string[];
  const channel = channelIn(`${message} ${text}`, [...s.channels.map((c) => c.name), ...(Array.isArray(usual) ? usual : [])]);
  return channel ? { kind: 'touchpoint', stageId: value.stageId, channel, text } : null;
}

/** The first of `names` the text names as words (case and accents aside, as core matches channels), longest first. */
export function channelIn(text: string, names: readonly string[]): string | null {
  const flat = (v: string) => ` ${channelKey(v).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const haystack = flat(text);
  const sorted = [...names].sort((a, b) => b.length - a.length);
  return sorted.find((name) => flat(name).trim() && haystack.includes(flat(name))) ?? null;
}
