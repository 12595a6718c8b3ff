// A person's own view of the workspace's workshops (Slack's App Home, /parcours list): each with its
// step, the person's role and what awaits them, and the step's deadline in the reader's own timezone.
import type { Queries, WorkshopListItem } from '../core/queries.js';
import type { Language } from '../core/vocabulary.js';
import { workshopLine } from './anchor.js';
import type { HomeView, HomeWorkshopView, Line } from './model.js';
import { utcFallback, words } from './text.js';

/** Workshops listed at most; the rest are counted. */
export const HOME_WORKSHOPS = 25;

export interface HomeEntry {
  item: WorkshopListItem;
  deadline: Date | null;
}

/** Reads what the home view needs: the workspace's workshops, and the deadline of each open one the person is in. */
export async function loadHome(queries: Queries, workspaceId: string, userId: string): Promise<HomeEntry[]> {
  const items = await queries.listWorkshops(workspaceId, userId);
  const mine = items.filter((i) => i.role !== null && i.workshop.status === 'open').slice(0, HOME_WORKSHOPS);
  const deadlines = new Map<string, Date | null>();
  await Promise.all(mine.map(async (i) => {
    const s = await queries.snapshot(workspaceId, i.workshop.id);
    deadlines.set(i.workshop.id, s.workshop.deadlines.find((d) => d.step === s.workshop.step)?.dueAt ?? null);
  }));
  return items.map((item) => ({ item, deadline: deadlines.get(item.workshop.id) ?? null }));
}

function entryView(e: HomeEntry, language: Language): HomeWorkshopView {
  const w = words(language);
  const wl = words(e.item.workshop.language);
  const detail: Line[] = [];
  if (e.item.role) {
    const owes = e.item.owes.map((o) => wl.t(o.key, { count: o.count }));
    detail.push([`${w.t(`roles.${e.item.role}`)} — `, owes.length ? owes.join(', ') : w.p('home.nothingOwed')]);
  } else if (e.item.workshop.status === 'open') {
    detail.push([w.p('home.notJoined')]);
  }
  if (e.deadline) detail.push([w.p('step.deadline'), { date: e.deadline, fallback: utcFallback(e.deadline) }]);
  return { workshopId: e.item.workshop.id, line: workshopLine({ workshop: { ...e.item.workshop, deadlines: [] } as never }, language), detail, mine: e.item.role !== null };
}

export function homeView(entries: HomeEntry[], language: Language): HomeView {
  const w = words(language);
  const sorted = [...entries].sort((a, b) =>
    Number(b.item.role !== null) - Number(a.item.role !== null)
    || Number(a.item.workshop.status === 'closed') - Number(b.item.workshop.status === 'closed')
    || b.item.workshop.createdAt.getTime() - a.item.workshop.createdAt.getTime());
  const shown = sorted.slice(0, HOME_WORKSHOPS);
  return {
    title: w.p('home.title'),
    intro: [[w.p('home.intro')]],
    workshops: shown.map((e) => entryView(e, language)),
    ...(sorted.length > shown.length ? { more: w.p('items.more', { count: sorted.length - shown.length }) } : {}),
    ...(entries.length === 0 ? { empty: w.p('home.empty') } : {}),
  };
}
