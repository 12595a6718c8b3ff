// Workshops set up through the engine, for tests about what follows them (deliveries, restarts).
import type { RunningServer } from '../../../src/server.js';
import { CHANNEL } from './driver.js';
import { TEAM, type User } from './harness.js';
import { FAC } from './users.js';


/** A workshop at its roadmap step with one rated solution per department, each department with its head. */
export async function roadmapWorkshop(server: RunningServer, heads: User[], title = 'Twenty departments'): Promise<string> {
  const workspaceId = await server.layer.workspaceOf('slack', TEAM.id);
  const fac = { workspaceId, userId: FAC.id, displayName: FAC.name };
  const run = async (command: Record<string, unknown>) => {
    const o = await server.engine.execute(fac, command);
    if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
    return o.result as Record<string, string>;
  };
  const { workshopId } = await run({
    type: 'createWorkshop', title, language: 'en', persona: { name: 'Claire' }, goal: 'Pick up fast',
    departments: heads.map((h, i) => ({ name: `Department ${i + 1}`, headUserId: h.id })),
  });
  const w = workshopId!;
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'advanceStep', workshopId: w });
  const { stageId } = await run({ type: 'addStage', workshopId: w, label: 'I pick up my furniture', phase: 'after' });
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'addTouchpoint', workshopId: w, stageId: stageId!, channel: 'Warehouse desk' });
  await run({ type: 'advanceStep', workshopId: w });
  const { observationId } = await run({ type: 'addObservation', workshopId: w, kind: 'irritant', text: 'An hour of waiting', stageId: stageId! });
  await run({ type: 'advanceStep', workshopId: w });
  const departments = (await server.queries.snapshot(workspaceId, w)).departments;
  for (const department of departments) {
    const { solutionId } = await run({ type: 'proposeSolution', workshopId: w, text: `Fix it for ${department.name}`, addresses: [observationId!], departmentId: department.id });
    await run({ type: 'rateSolution', workshopId: w, solutionId: solutionId!, impact: 4, effort: 2 });
  }
  await run({ type: 'advanceStep', workshopId: w });
  await server.layer.deps.conversations.create(workspaceId, w, 'slack', CHANNEL);
  return w;
}

/** The heads of `headsWorkshop`: Stores has actions but no head, Marketing a head but no action. */
export const HEADS = {
  sales: { id: 'U0HSALES', name: 'sam' },
  callCentre: { id: 'U0HCALL', name: 'carla' },
  marketing: { id: 'U0HMKT', name: 'max' },
} satisfies Record<string, User>;

const HEADS_TEXT = {
  en: {
    title: 'Pick-up', stage: 'I pick up my furniture', wait: 'An hour of waiting at the desk', parking: 'Nowhere to park',
    departments: ['Sales', 'Call centre', 'Marketing', 'Stores'], sms: 'Text customers when the order is ready',
    spots: 'Reserve parking spots for pick-up', callBack: 'Call back customers who wait', desk: 'Open a second desk',
  },
  fr: {
    title: 'Retrait', stage: 'je récupère mes meubles', wait: 'Une heure d’attente au comptoir', parking: 'Impossible de se garer',
    departments: ['Ventes', 'Centre d’appels', 'Marketing', 'Magasins'], sms: 'Prévenir par SMS quand la commande est prête',
    spots: 'Réserver des places pour le retrait', callBack: 'Rappeler les clients qui attendent', desk: 'Ouvrir un second comptoir',
  },
};

/**
 * A workshop at its roadmap step whose heads' messages have something to explain: Sales' top action addresses
 * a moment of truth, has two votes and mean ratings with decimals (impact 4.5, effort 2: priority 67.5); Call
 * centre and Stores work on the same irritant; Marketing owns nothing; Stores has no head.
 */
export async function headsWorkshop(server: RunningServer, language: 'en' | 'fr'): Promise<{ workshopId: string; text: typeof HEADS_TEXT.en }> {
  const x = HEADS_TEXT[language];
  const workspaceId = await server.layer.workspaceOf('slack', TEAM.id);
  const as = (userId: string) => async (command: Record<string, unknown>) => {
    const o = await server.engine.execute({ workspaceId, userId, displayName: userId.toLowerCase() }, command);
    if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
    return o.result as Record<string, string>;
  };
  const run = as(FAC.id);
  const heads = [HEADS.sales.id, HEADS.callCentre.id, HEADS.marketing.id, null];
  const { workshopId: w } = await run({
    type: 'createWorkshop', title: x.title, language, persona: { name: 'Claire' }, goal: 'Pick up fast',
    departments: x.departments.map((name, i) => ({ name, headUserId: heads[i] })),
  });
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'advanceStep', workshopId: w });
  const { stageId } = await run({ type: 'addStage', workshopId: w, label: x.stage, phase: 'after' });
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'addTouchpoint', workshopId: w, stageId, channel: 'Warehouse desk' });
  await run({ type: 'advanceStep', workshopId: w });
  const wait = (await run({ type: 'addObservation', workshopId: w, kind: 'irritant', text: x.wait, stageId, momentOfTruth: true })).observationId!;
  const parking = (await run({ type: 'addObservation', workshopId: w, kind: 'irritant', text: x.parking, stageId })).observationId!;
  await run({ type: 'advanceStep', workshopId: w });
  const dep = new Map((await server.queries.snapshot(workspaceId, w!)).departments.map((d) => [d.name, d.id]));
  const [sales, callCentre, , stores] = x.departments.map((name) => dep.get(name)!);
  const propose = async (text: string, addresses: string[], departmentId: string) =>
    (await run({ type: 'proposeSolution', workshopId: w, text, addresses, departmentId })).solutionId!;
  const sms = await propose(x.sms, [wait], sales!);
  const spots = await propose(x.spots, [parking], sales!);
  const callBack = await propose(x.callBack, [wait], callCentre!);
  const desk = await propose(x.desk, [wait], stores!);
  await run({ type: 'rateSolution', workshopId: w, solutionId: sms, impact: 5, effort: 2 });
  await as('U0VOTER1')({ type: 'rateSolution', workshopId: w, solutionId: sms, impact: 4, effort: 2 });
  await run({ type: 'rateSolution', workshopId: w, solutionId: spots, impact: 3, effort: 3 });
  await run({ type: 'rateSolution', workshopId: w, solutionId: callBack, impact: 4, effort: 4 });
  await run({ type: 'rateSolution', workshopId: w, solutionId: desk, impact: 4, effort: 3 });
  await as('U0VOTER1')({ type: 'vote', workshopId: w, target: { solutionId: sms } });
  await as('U0VOTER2')({ type: 'vote', workshopId: w, target: { solutionId: sms } });
  await as('U0VOTER2')({ type: 'vote', workshopId: w, target: { solutionId: callBack } });
  await run({ type: 'advanceStep', workshopId: w });
  await server.layer.deps.conversations.create(workspaceId, w!, 'slack', CHANNEL);
  return { workshopId: w!, text: x };
}

