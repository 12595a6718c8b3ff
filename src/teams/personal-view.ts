// Teams' user-specific views of a workshop's messages in its channel. The anchor and a running voting step's
// card carry a refresh (cards/common.ts withPersonalView); each client showing them then asks for its person's
// own version: the facilitator sees the anchor with their controls under it, a voter the step with their votes
// left; anyone else the message as everyone sees it. Nothing is changed: it is read afresh from the database at
// each ask, so it holds on any replica. The 1:1 chat keeps getting the controls at each step, as before (a
// client that does not refresh, or a conversation of more than sixty, still has them there).
import type { ConversationLayer } from '../conversation/layer.js';
import { isDomainError } from '../core/errors.js';
import { STEPS, type Step } from '../core/vocabulary.js';
import { anchorView } from '../present/anchor.js';
import { controlsNotice } from '../present/controls.js';
import { stepView } from '../present/steps.js';
import { words } from '../present/text.js';
import { anchorCard, stepCard, type AdaptiveCard } from './cards/index.js';

export interface PersonalViewAsk {
  view: 'anchor' | 'step';
  workshopId: string;
  step: string | null;
}

/**
 * One person's version of a message, or null when the workshop is not this tenant's (a crafted id finds
 * nothing: every read is scoped to the tenant's workspace). `teamsUserId` (29:…) keeps the answer refreshing
 * for that person alone: the card Teams gets back is shown only to the client that asked.
 */
export async function personalView(
  layer: ConversationLayer, tenant: string, ask: PersonalViewAsk, who: { userId: string; teamsUserId: string }, command: string,
): Promise<AdaptiveCard | null> {
  const workspaceId = await layer.workspaceOf('teams', tenant);
  let loaded: Awaited<ReturnType<ConversationLayer['deps']['queries']['ballot']>>;
  try {
    loaded = await layer.deps.queries.ballot(workspaceId, ask.workshopId, who.userId);
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
  const { snapshot, mine } = loaded;
  const language = snapshot.workshop.language;
  const me = snapshot.participants.find((p) => p.userId === who.userId) ?? null;
  const viewers = [who.teamsUserId];
  if (ask.view === 'anchor') {
    const controls = me?.role === 'facilitator' ? controlsNotice(snapshot, command) : undefined;
    return anchorCard(anchorView(snapshot), language, undefined, { viewers, ...(controls ? { controls } : {}) });
  }
  const step: Step = (STEPS as readonly string[]).includes(ask.step ?? '') ? ask.step as Step : snapshot.workshop.step;
  const view = stepView(snapshot, step);
  // Votes left are those of the step running now: an older step's card is shown as everyone sees it.
  const votes = me && view.active && step === snapshot.workshop.step
    ? [[words(language).p('notices.left', { count: mine.remaining })]]
    : [];
  return stepCard(view, language, undefined, { viewers, lines: votes });
}
