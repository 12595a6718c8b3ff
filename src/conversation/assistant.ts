// The AI assistant as the conversation layer sees it: five suggestions, each answered by a model when one is
// configured and by a deterministic fallback otherwise (or when the model fails, is slow, answers nonsense or
// the workshop's token budget is spent). A suggestion never changes a workshop: a person's click applies it,
// through the engine's ordinary commands. src/llm implements this port; src/server.ts wires it.
//
// What goes in is the workshop's own content as `{ id, text }` items — never user names or platform ids — and
// what comes out refers to those ids only.
import type { Language, ObservationKind } from '../core/vocabulary.js';

/** A piece of participants' text, sent as data: its id is the workshop's own (stage, touchpoint, observation…). */
export interface TextItem {
  id: string;
  text: string;
}

/** Where a suggestion came from, and why not the model when it did not. */
export type AssistSource = 'model' | 'fallback';
/** Why the fallback answered: AI off, the model failed or was slow, its answer was invalid, or the budget is spent. */
export type AssistNotice = 'off' | 'unavailable' | 'invalid' | 'budget';

export interface Assisted<T> {
  value: T;
  source: AssistSource;
  /** null when the model answered; otherwise why the fallback did (an i18n key under `assist:notice.`). */
  notice: AssistNotice | null;
}

/** Which workshop a call is for: the token budget is kept per workshop. */
export interface AssistScope {
  workspaceId: string;
  workshopId: string;
  language: Language;
}

// 1. Customer voice: a stage in process wording gets a first-person version, which must pass core's check.
export interface CustomerVoiceInput {
  stage: TextItem;
  /** The persona's name and goal give the model the customer's point of view. */
  persona: string;
  goal: string;
}
/** The first-person wording, or null when none could be found (the fallback gives today's hint instead). */
export type CustomerVoiceOutput = { label: string } | null;

// 2. Near-duplicates: touchpoints or observations grouped, each group proposed as one merge.
export interface DuplicatesInput {
  kind: 'touchpoint' | ObservationKind;
  /** Items of one kind within one stage (or one cell), as written by different people. */
  items: TextItem[];
}
export interface DuplicateGroup {
  /** The item kept: the others' votes are carried over to it. */
  keepId: string;
  mergeIds: string[];
  /** A wording for the merged item, or null to keep the kept item's. */
  label: string | null;
}
export type DuplicatesOutput = DuplicateGroup[];

// 3. Solution ideas for the top-voted irritants and breaks.
export interface SolutionIdeasInput {
  /** The observations to address, most voted first. */
  observations: (TextItem & { kind: ObservationKind; stage: string; votes: number })[];
  departments: TextItem[];
  /** At most this many ideas. */
  limit: number;
}
export interface SolutionIdea {
  text: string;
  addressesId: string;
  /** A likely owning department among the workshop's, or null. */
  departmentId: string | null;
}
export type SolutionIdeasOutput = SolutionIdea[];

// 4. The target journey's story, for the final post and the roadmap documents.
export interface NarrativeInput {
  persona: string;
  goal: string;
  stages: (TextItem & { emotionBefore: number | null; emotionAfter: number | null })[];
  solutions: (TextItem & { stageId: string | null; department: string | null })[];
  removed: TextItem[];
}
export type NarrativeOutput = { text: string };

// 5. A message written in the workshop's thread, classified to be offered as a contribution.
export interface ClassifyInput {
  message: string;
  stages: TextItem[];
}
export type ContributionKind = 'touchpoint' | ObservationKind;
/** null when the message does not read as a contribution. */
export type ClassifyOutput = { kind: ContributionKind; stageId: string; text: string } | null;

export interface Assistant {
  /** Whether a model is configured (`/healthz` says so). */
  readonly enabled: boolean;
  customerVoice(scope: AssistScope, input: CustomerVoiceInput): Promise<Assisted<CustomerVoiceOutput>>;
  duplicates(scope: AssistScope, input: DuplicatesInput): Promise<Assisted<DuplicatesOutput>>;
  solutionIdeas(scope: AssistScope, input: SolutionIdeasInput): Promise<Assisted<SolutionIdeasOutput>>;
  narrative(scope: AssistScope, input: NarrativeInput): Promise<Assisted<NarrativeOutput>>;
  classify(scope: AssistScope, input: ClassifyInput): Promise<Assisted<ClassifyOutput>>;
}
