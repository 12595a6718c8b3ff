// The buttons of a contribution offered from a message (contribute.ts): "Add it" runs the engine's own command
// as the person who clicks — addTouchpoint or addObservation, which check the step, the workshop and the text as
// the forms' do — and "Dismiss" only answers. Registered in actions.ts's table.
import { createHash } from 'node:crypto';
import type { Language } from '../core/vocabulary.js';
import type { ActionArgs } from '../present/actions.js';
import { contributedNotice, dismissedNotice } from '../present/contribute.js';
import type { NoticeView } from '../present/model.js';
import { refusalNotice } from '../present/notices.js';
import { answer, type Answer } from './replies.js';
import { jobOrigin, type Request } from './request.js';

/** What these handlers read of a click (actions.ts's Click). */
interface OfferClick<A extends 'addContribution' | 'dismissContribution'> {
  r: Request;
  workshopId: string;
  args: ActionArgs<A>;
  language: Language;
}

const tell = (notice: NoticeView): Answer => answer({ kind: 'notice', notice });

/**
 * The offer is applied once, however often its button is clicked or the click delivered: the delivery id is the
 * offer itself (its value carries the offer's round) and who clicked.
 */
function offerDelivery(c: OfferClick<'addContribution'>): string {
  const value = [c.workshopId, ...c.args.map((a) => String(a))].join('\u0000');
  return `contribute:add:${createHash('sha256').update(`${c.r.origin.userId}\u0000${value}`).digest('base64url')}`;
}

export async function addContribution(c: OfferClick<'addContribution'>): Promise<Answer> {
  const [, kind, stageId, channel, text] = c.args;
  const command = kind === 'touchpoint'
    ? { type: 'addTouchpoint', workshopId: c.workshopId, stageId, channel: channel ?? '', description: text }
    : { type: 'addObservation', workshopId: c.workshopId, kind, stageId, text };
  const outcome = await c.r.d.engine.execute(c.r.actor, command, { deliveryId: offerDelivery(c), origin: jobOrigin(c.r) });
  if (!outcome.ok) return tell(refusalNotice(outcome.error, c.language));
  const stage = outcome.replayed ? '' : (await c.r.d.queries.snapshot(c.r.workspaceId, c.workshopId)).stages.find((x) => x.id === stageId)?.label ?? '';
  return tell(contributedNotice(c.language, kind, stage, text, outcome.replayed));
}

export async function dismissContribution(c: OfferClick<'dismissContribution'>): Promise<Answer> {
  return tell(dismissedNotice(c.language));
}
