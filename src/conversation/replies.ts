// What the conversation layer answers to the person who acted, at once, in the platform's reply to their
// request (an ephemeral message, a form opened or updated, errors under a form's fields). What must reach
// others or survive a restart is not here: it goes through the job queue (jobs.ts).
import type { Language } from '../core/vocabulary.js';
import type { AnchorView, BallotView, FormView, HomeView, NoticeView } from '../present/model.js';
import type { FormState } from './intents.js';

export type Reply =
  | { kind: 'none' }
  /** A private answer where the person acted. */
  | { kind: 'notice'; notice: NoticeView }
  /** `status`: the workshop's anchor, then what awaits the person. */
  | { kind: 'status'; anchor: AnchorView; yours: string }
  /** The person's workshops, each with the conversation it lives in. */
  | { kind: 'home'; view: HomeView; conversations: Map<string, string> }
  /** Opens a form (from a command or a click). */
  | { kind: 'openForm'; form: FormView; state: FormState }
  /** Shows the ballot: opened from a click, or updated in place when the click came from it. */
  | { kind: 'ballot'; view: BallotView; state: FormState; notice?: NoticeView }
  /** A submission refused on its fields; the form stays open. */
  | { kind: 'fieldErrors'; errors: Record<string, string> }
  /**
   * The open form is replaced by the next one (a stage picked, then what to do with it; a preview; the same form
   * to add another), or redrawn after a choice other fields depend on.
   */
  | { kind: 'nextForm'; form: FormView; state: FormState }
  /** The open form turns into a notice (it cannot be used, or has no field to show a refusal on). */
  | { kind: 'formNotice'; title: string; close: string; notice: NoticeView }
  /** The submission was accepted: the form closes. */
  | { kind: 'closeForm' };

/** The immediate reply, and private notices sent after it (warnings about what was just saved). */
export interface Answer {
  reply: Reply;
  later: NoticeView[];
  /**
   * The language the answer speaks (its workshop's), when the layer read it anyway: an adapter adding words of
   * its own to the answer (Teams' "saved", "cancelled") then reads nothing more. Absent: the adapter finds it.
   */
  language?: Language;
}

export const answer = (reply: Reply, later: NoticeView[] = []): Answer => ({ reply, later });

/** The same answer, saying which language it speaks. */
export const speaking = (a: Answer, language: Language): Answer => ({ ...a, language });
