// A person's own view of the workspace's workshops (Slack's App Home, /parcours list): each with its
// step, the person's role and what awaits them, and the step's deadline in the reader's own timezone.
import type { Queries, WorkshopListItem } from '../core/queries.js';
import type { Language } from '../core/vocabulary.js';
import { workshopLine } from './anchor.js';
import type { ControlsView, HomeView, HomeWorkshopView, Line } from './model.js';
import { utcFallback, words } from './text.js';

/** Workshops listed at most; the rest are counted. */
export const HOME_WORKSHOPS = 25;

/** Reads what the home view needs, in one read: the workspace's workshops, and the deadline of each open one the person is in. */
export function loadHome(queries: Queries, workspaceId: string, userId: string): Promise<WorkshopListItem[]> {
  return queries.listWorkshops(workspaceId, userId);
}

function entryView(e: WorkshopListItem, language: Language, controls: ControlsView | undefined): HomeWorkshopView {
  const w = words(language);
  const detail: Line[] = [];
  if (e.role) {
    const owes = e.owes.map((o) => w.t(o.key, { count: o.count }));
    detail.push([`${w.t(`roles.${e.role}`)} — `, owes.length ? owes.join(', ') : w.p('home.nothingOwed')]);
  } else if (e.workshop.status === 'open') {
    detail.push([w.p('home.notJoined')]);
  }
  if (e.deadline) detail.push([w.p('step.deadline'), { date: e.deadline, fallback: utcFallback(e.deadline) }]);
  return {
    workshopId: e.workshop.id, line: workshopLine({ workshop: { ...e.workshop, deadlines: [] } as never }, language), detail, mine: e.role !== null,
    ...(controls && e.role === 'facilitator' ? { controls } : {}),
  };
}

/**
 * The one language a person's home speaks, all of it (titles, roles, steps, what awaits them): the language
 * of the latest workshop they take part in, else of the workspace's latest workshop, else the deployment's.
 * Chat platforms do not tell the bot a person's language; the workshops they work in do.
 */
export function homeLanguage(entries: WorkshopListItem[], fallback: Language): Language {
  const latest = (list: WorkshopListItem[]) => [...list].sort((a, b) => b.workshop.createdAt.getTime() - a.workshop.createdAt.getTime())[0];
  return (latest(entries.filter((e) => e.role !== null)) ?? latest(entries))?.workshop.language ?? fallback;
}

/**
 * `command` is how people call the bot on their platform (`/parcours`, `@Parcours`). `fallback`: the deployment's language.
 * `controls`, by workshop: the facilitator's controls of the workshops this person facilitates, in the home's
 * language (the home tab is theirs alone; `/parcours list` answers privately too).
 */
export function homeView(entries: WorkshopListItem[], fallback: Language, command: string, controls = new Map<string, ControlsView>()): HomeView {
  const language = homeLanguage(entries, fallback);
  const w = words(language);
  const sorted = [...entries].sort((a, b) =>
    Number(b.role !== null) - Number(a.role !== null)
    || Number(a.workshop.status === 'closed') - Number(b.workshop.status === 'closed')
    || b.workshop.createdAt.getTime() - a.workshop.createdAt.getTime());
  const shown = sorted.slice(0, HOME_WORKSHOPS);
  return {
    title: w.p('home.title'),
    intro: [[w.p('home.intro')]],
    workshops: shown.map((e) => entryView(e, language, controls.get(e.workshop.id))),
    ...(sorted.length > shown.length ? { more: w.p('items.more', { count: sorted.length - shown.length }) } : {}),
    ...(entries.length === 0 ? { empty: w.p('home.empty', { command }) } : {}),
  };
}
