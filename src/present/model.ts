// Platform-neutral view models: what a chat platform shows for a workshop, already worded in the
// workshop's language, but with no markup of any platform. User text stays raw here; each adapter
// escapes it for its own format (Slack mrkdwn, Adaptive Cards markdown) and fits it to its own limits.
import type { Language, Step } from '../core/vocabulary.js';
import type { ActionName } from './actions.js';
import type { FormId } from './forms/ids.js';

/** One run of inline text: plain text, emphasis, a person, a channel or a date shown in the reader's timezone. */
export type Run = string | { strong: string } | { user: string } | { date: Date; fallback: string };
export type Line = Run[];

export interface ConfirmView {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

/** A button. `value` is opaque to the platform: it comes back with the click. */
export interface ActionView {
  action: ActionName;
  label: string;
  value: string;
  tone?: 'primary' | 'danger';
  confirm?: ConfirmView;
}

export interface ChoiceView {
  value: string;
  label: string;
}

/** A menu whose choice is the action (reopening a step, say); each choice's value is a packed action value. */
export interface MenuView {
  action: ActionName;
  placeholder: string;
  choices: ChoiceView[];
}

/** One listed thing (a stage, an irritant, a solution) with an optional button beside it. */
export interface ItemView {
  line: Line;
  detail?: Line;
  /** One button sits beside the item; more go in a row under it. */
  actions?: ActionView[];
}

export interface SectionView {
  heading?: string;
  lines?: Line[];
  items?: ItemView[];
  /** Said after the items when some were left out (only the first page is shown). */
  more?: string;
}

/**
 * The facilitator's controls. Never in a message everyone sees: they reach the facilitator privately (a
 * private message with each new step, `controls` command, the home tab), and the engine checks the role
 * again on every click.
 */
export interface ControlsView {
  label: string;
  actions: ActionView[];
  reopen: MenuView | null;
  /** The facilitator's settings after framing (edit the framing, deadlines, target journey…). */
  settings: MenuView | null;
  /** The current step's live timer: start one, or pause, resume, extend or stop it (absent where no step is timed). */
  timer?: MenuView | null;
}

/** The message of one step, in the workshop's thread. */
export interface StepView {
  workshopId: string;
  /** The language its words are in, for what a platform adds around them (a menu's placeholder, "+3 more"). */
  language?: Language;
  step: Step;
  /** False once the workshop moved on: the message then keeps its content but loses its buttons. */
  active: boolean;
  title: string;
  asks: Line[];
  sections: SectionView[];
  actions: ActionView[];
  /** Menus beside the buttons (edit or remove what is there). */
  menus: MenuView[];
  /**
   * Who sees their own version of this message where the platform can show one (Teams' refresh): the facilitator
   * their controls on the anchor, each voter their votes left on a voting step. Platform user ids.
   */
  viewers?: string[];
}

/** The workshop's anchor message in its channel, updated in place. */
export interface AnchorView {
  workshopId: string;
  /** The language its words are in, for what a platform adds around them (a menu's placeholder, "+3 more"). */
  language?: Language;
  title: string;
  context: string;
  progress: Line;
  facts: { label: string; value: string }[];
  lines: Line[];
  actions: ActionView[];
  /**
   * Who sees their own version of this message where the platform can show one (Teams' refresh): the facilitator
   * their controls on the anchor, each voter their votes left on a voting step. Platform user ids.
   */
  viewers?: string[];
}

/** A private answer to one person: a confirmation, a refusal, a warning. */
export interface NoticeView {
  tone: 'ok' | 'refused' | 'warning' | 'info';
  /** The language its words are in, for what a platform adds around them (a menu's placeholder, "+3 more"). */
  language?: Language;
  lines: Line[];
  actions?: ActionView[];
  /** Menus after the buttons (the facilitator's "Reopen a step…" and settings). */
  menus?: MenuView[];
}

export type FieldKind = 'text' | 'longText' | 'select' | 'multiSelect' | 'user' | 'checkbox' | 'date' | 'number';

export interface ChoiceGroupView {
  label: string;
  choices: ChoiceView[];
}

export interface FieldView {
  id: string;
  kind: FieldKind;
  label: string;
  optional: boolean;
  hint?: string;
  placeholder?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  /** For selects: either flat choices or groups. */
  choices?: ChoiceView[];
  groups?: ChoiceGroupView[];
  /** Initial value: a choice value, several, a user id, true for a ticked box, an ISO date. */
  initial?: string | string[] | boolean;
  /** Choosing here changes the form (another field's choices depend on it): the platform asks for it again at once. */
  refresh?: boolean;
  /**
   * The field whose choice this one's choices depend on, and a key that changes with them: a platform starts the
   * field afresh when it changes, rather than keep a choice among the old ones.
   */
  dependsOn?: { field: string; key: string };
}

/** A form (a Slack modal, a Teams task module). */
export interface FormView {
  form: FormId;
  workshopId: string | null;
  title: string;
  submit: string;
  cancel: string;
  intro: Line[];
  fields: FieldView[];
  /** Extra state the form needs back on submission (a solution id, say); never trusted without checks. */
  subject?: string;
  /**
   * Set when the form comes back to add another item, different each time: a platform that keeps what was typed
   * in a redrawn form (Slack) must start it afresh; the values it keeps are its fields' initial values.
   */
  round?: string;
}

/** What a form gives back: a value per field id. */
export type FormValues = Record<string, string | string[] | boolean | null | undefined>;

/** A private, paginated ballot: everything one can vote on at the current step. */
export interface BallotView {
  workshopId: string;
  title: string;
  remaining: Line;
  items: ItemView[];
  page: number;
  pages: number;
  previous: ActionView | null;
  next: ActionView | null;
  close: string;
}

export interface HomeView {
  title: string;
  intro: Line[];
  workshops: HomeWorkshopView[];
  more?: string;
  empty?: string;
}

export interface HomeWorkshopView {
  workshopId: string;
  line: Line;
  detail: Line[];
  /** Whether this person takes part (their own workshops come first). */
  mine: boolean;
  /** The workshop's controls, for its facilitator only. */
  controls?: ControlsView;
}

/** The end of a workshop: the summary posted beside the map and the roadmap documents. */
export interface SummaryView {
  title: string;
  /** The language its words are in, for what a platform adds around them (a menu's placeholder, "+3 more"). */
  language?: Language;
  lines: Line[];
  sections: SectionView[];
  /** The map's picture, where the platform shows it from a link (a Teams card); absent when it is uploaded. */
  image?: { url: string; alt: string };
  /** The full map, its parts and the roadmap documents, to open in the browser (same condition). */
  links?: LinkView[];
}

/** A link back to where the work happened; the platform gives the address (a permalink). */
export interface LinkView {
  label: string;
  url: string;
}

export interface HeadMessageView {
  userId: string;
  /** The language its words are in, for what a platform adds around them (a menu's placeholder, "+3 more"). */
  language?: Language;
  departmentId: string;
  title: string;
  lines: Line[];
  /** The workshop's thread and its final map, when the platform could give their addresses. */
  links: LinkView[];
  sections: SectionView[];
}

export type { Step };
