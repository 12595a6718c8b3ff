// A person's own view of the workspace's workshops (Slack's App Home, /parcours list): each with its
// step, the person's role and what awaits them, and the step's deadline in the reader's own timezone.
import type { Queries, WorkshopListItem } from '../core/queries.js';
import type { Language } from '../core/vocabulary.js';
import { workshopLine } from './anchor.js';
import type { HomeView, HomeWorkshopView, Line } from './model.js';
import { utcFallback, words } from './text.js';

/** Workshops listed at most; the rest are counted. */
export const HOME_WORKSHOPS = 25;

/** Reads what the home view needs, in one read: the workspace's workshops, and the deadline of each open one the person is in. */
export function loadHome(queries: Queries, workspaceId: string, userId: string): Promise<WorkshopListItem[]> {
  return queries.listWorkshops(workspaceId, userId);
}

function entryView(e: WorkshopListItem, language: Language): HomeWorkshopView {
  const w = words(language);
  const wl = words(e.workshop.language);
  const detail: Line[] = [];
  if (e.role) {
    const owes = e.owes.map((o) => wl.t(o.key, { count: o.count }));
    detail.push([`${w.t(`roles.${e.role}`)} — `, owes.length ? owes.join(', ') : w.p('home.nothingOwed')]);
  } else if (e.workshop.status === 'open') {
    detail.push([w.p('home.notJoined')]);
  }
  if (e.deadline) detail.push([w.p('step.deadline'), { date: e.deadline, fallback: utcFallback(e.deadline) }]);
  return { workshopId: e.workshop.id, line: workshopLine({ workshop: { ...e.workshop, deadlines: [] } as never }, language), detail, mine: e.role !== null };
}

/** `command` is how people call the bot on their platform (`/parcours`, `@Parcours`). */
export function homeView(entries: WorkshopListItem[], language: Language, command: string): HomeView {
  const w = words(language);
  const sorted = [...entries].sort((a, b) =>
    Number(b.role !== null) - Number(a.role !== null)
    || Number(a.workshop.status === 'closed') - Number(b.workshop.status === 'closed')
    || b.workshop.createdAt.getTime() - a.workshop.createdAt.getTime());
  const shown = sorted.slice(0, HOME_WORKSHOPS);
  return {
    title: w.p('home.title'),
    intro: [[w.p('home.intro')]],
    workshops: shown.map((e) => entryView(e, language)),
    ...(sorted.length > shown.length ? { more: w.p('items.more', { count: sorted.length - shown.length }) } : {}),
    ...(entries.length === 0 ? { empty: w.p('home.empty', { command }) } : {}),
  };
}
