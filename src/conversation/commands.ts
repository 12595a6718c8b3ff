// What people type to the bot — help | new [fr|en] | status | list | map, in English or French — answered
// at once; anything slow (drawing the map) is a job.
import { LANGUAGES, type Language } from '../core/vocabulary.js';
import { anchorView } from '../present/anchor.js';
import { framingForm } from '../present/forms/build.js';
import { homeView, loadHome } from '../present/home.js';
import { helpNotice, problemNotice } from '../present/notices.js';
import { words } from '../present/text.js';
import { answer, type Answer } from './replies.js';
import { mapLater, refreshLater, type Request } from './request.js';

const SUBCOMMANDS: Record<string, 'help' | 'new' | 'status' | 'list' | 'map'> = {
  help: 'help', aide: 'help', new: 'new', nouveau: 'new', nouvel: 'new', status: 'status', statut: 'status', list: 'list', liste: 'list', map: 'map', carte: 'map',
};

export async function onCommand(r: Request, text: string): Promise<Answer> {
  const [first = '', second = ''] = text.trim().toLowerCase().split(/\s+/);
  const sub = SUBCOMMANDS[first] ?? 'help';
  switch (sub) {
    case 'help':
      return answer({ kind: 'notice', notice: helpNotice(r.d.language, r.platform.command) });
    case 'new': {
      const language = (LANGUAGES as readonly string[]).includes(second) ? (second as Language) : r.d.language;
      return answer({ kind: 'openForm', form: framingForm(language), state: { form: 'framing', workshopId: null, conversationId: r.origin.conversationId, threadId: null } });
    }
    case 'status':
      return status(r);
    case 'list':
      return home(r);
    case 'map':
      return map(r);
    default: {
      const never: never = sub;
      throw new Error(`unhandled subcommand ${String(never)}`);
    }
  }
}

async function currentWorkshop(r: Request) {
  return r.origin.conversationId ? r.d.conversations.latestIn(r.workspaceId, r.origin.platform, r.origin.conversationId) : null;
}

function noWorkshop(r: Request): Answer {
  return answer({ kind: 'notice', notice: problemNotice(r.d.language, 'noWorkshop', { command: r.platform.command }) });
}

async function status(r: Request): Promise<Answer> {
  const conv = await currentWorkshop(r);
  if (!conv) return noWorkshop(r);
  const snapshot = await r.d.queries.snapshot(r.workspaceId, conv.workshopId);
  const owed = (await r.d.queries.owed(r.workspaceId, conv.workshopId))
    .find((o) => snapshot.participants.find((p) => p.id === o.participantId)?.userId === r.origin.userId);
  const w = words(snapshot.workshop.language);
  const mine = owed?.owes.length ? owed.owes.map((o) => w.t(o.key, { count: o.count })).join(', ') : w.p('home.nothingOwed');
  // A missing anchor or step message (the bot was not in the channel yet) is posted now.
  await refreshLater(r, conv.workshopId);
  return answer({ kind: 'status', anchor: anchorView(snapshot), yours: `${w.p('status.yours')} ${mine}` });
}

/** `list`, and a home tab opened: the person's workshops. */
export async function home(r: Request): Promise<Answer> {
  const view = homeView(await loadHome(r.d.queries, r.workspaceId, r.origin.userId), r.d.language, r.platform.command);
  const conversations = await r.d.conversations.conversationsOf(r.workspaceId, view.workshops.map((w) => w.workshopId));
  return answer({ kind: 'home', view, conversations });
}

async function map(r: Request): Promise<Answer> {
  const conv = await currentWorkshop(r);
  if (!conv) return noWorkshop(r);
  const language = await r.d.queries.language(r.workspaceId, conv.workshopId) ?? r.d.language;
  await mapLater(r, conv.workshopId, r.origin.conversationId);
  return answer({ kind: 'notice', notice: { tone: 'info', lines: [[words(language).p('map.rendering')]] } });
}
