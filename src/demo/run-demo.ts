// Runs the furniture-store script through the real engine, framing to roadmap, exactly as chat users
// would: every change is a command from a participant, checked by the method's rules.
import type { Actor } from '../core/context.js';
import type { CommandInput } from '../core/commands.js';
import type { Engine } from '../core/engine.js';
import type { Queries } from '../core/queries.js';
import type { Store } from '../core/store.js';
import type { Language } from '../core/vocabulary.js';
import { FURNITURE_STORE, type DemoJourney, type DemoScript } from './furniture-store.js';

export interface DemoResult {
  workspaceId: string;
  /** The two current journeys, closed with their roadmaps. */
  workshopIds: [string, string];
  /** The target journey started from the second one, left at the evaluation step. */
  targetId: string;
}

export class DemoError extends Error {}

export async function runDemo(engine: Engine, queries: Queries, store: Store, language: Language): Promise<DemoResult> {
  const script = FURNITURE_STORE[language];
  const workspace = await store.ensureWorkspace('local', 'demo', 'Parcours demo');
  const actor = (i: number): Actor => ({ workspaceId: workspace.id, userId: script.people[i]!.userId, displayName: script.people[i]!.name });
  const run = async <R>(who: number, command: CommandInput): Promise<R> => {
    const outcome = await engine.execute(actor(who), command);
    if (!outcome.ok) throw new DemoError(`${command.type}: ${outcome.error.code} ${JSON.stringify(outcome.error.params)}`);
    return outcome.result as R;
  };

  const pickUps: string[] = [];
  const workshopIds: string[] = [];
  for (const journey of script.journeys) {
    const { workshopId, pickUp } = await runJourney(script, journey, language, run, queries, workspace.id);
    workshopIds.push(workshopId);
    pickUps.push(pickUp);
  }
  await run(0, { type: 'reopenStep', workshopId: workshopIds[1]!, step: 'roadmap' });
  await run(0, { type: 'linkKeyMoment', workshopId: workshopIds[1]!, stageId: pickUps[1]!, otherStageId: pickUps[0]!, label: script.keyMoment });
  await run(0, { type: 'closeWorkshop', workshopId: workshopIds[1]! });
  const targetId = await runTarget(script, workshopIds[1]!, run, queries, workspace.id);
  return { workspaceId: workspace.id, workshopIds: workshopIds as [string, string], targetId };
}

/** Starts the target journey from the online purchase, reworks it and evaluates it again (see DemoTarget). */
async function runTarget(script: DemoScript, currentId: string, run: Run, queries: Queries, workspaceId: string): Promise<string> {
  const target = script.target;
  const { workshopId } = await run<{ workshopId: string }>(0, { type: 'startTargetJourney', workshopId: currentId, title: target.title });
  const next = () => run(0, { type: 'advanceStep', workshopId });
  const departmentIds = (await queries.snapshot(workspaceId, workshopId)).departments.map((d) => d.id);
  for (const [i, person] of script.people.entries()) {
    if (i > 0) await run(i, { type: 'join', workshopId, displayName: person.name, departmentId: person.department === null ? null : departmentIds[person.department]! });
  }
  await run(3, { type: 'addStage', workshopId, ...target.added });
  await next();
  const stageIds = (await queries.snapshot(workspaceId, workshopId)).stages.map((s) => s.id);
  for (const [i, [stage, channel, description]] of target.touchpoints.entries()) {
    await run(1 + (i % 5), { type: 'addTouchpoint', workshopId, stageId: stageIds[stage]!, channel, description });
  }
  await next();
  for (const [s, stage] of target.stages.entries()) {
    for (const [o, obs] of stage.observations.entries()) await run(1 + ((s + o) % 5), { type: 'addObservation', workshopId, kind: obs.kind, text: obs.text, stageId: stageIds[s]! });
    for (const [who, score] of stage.emotions.entries()) {
      if (score !== null) await run(who, { type: 'rateEmotion', workshopId, stageId: stageIds[s]!, score });
    }
  }
  return workshopId;
}

type Run = <R>(who: number, command: CommandInput) => Promise<R>;

async function runJourney(script: DemoScript, journey: DemoJourney, language: Language, run: Run, queries: Queries, workspaceId: string): Promise<{ workshopId: string; pickUp: string }> {
  const everyone = script.people.map((_, i) => i);
  const { workshopId } = await run<{ workshopId: string }>(0, {
    type: 'createWorkshop', title: journey.title, language, mode: 'live', journey: 'current', basis: journey.basis,
    departments: script.departments.map((d) => ({ name: d.name, headUserId: d.head })), facilitatorName: script.people[0]!.name,
  });
  const next = () => run(0, { type: 'advanceStep', workshopId });
  await next();

  // Persona and goal; everyone joins with their department.
  await run(1, { type: 'setPersona', workshopId, persona: script.persona });
  await run(2, { type: 'setGoal', workshopId, text: script.goal });
  const departmentIds = (await queries.snapshot(workspaceId, workshopId)).departments.map((d) => d.id);
  for (const i of everyone.slice(1)) {
    const d = script.people[i]!.department;
    await run(i, { type: 'join', workshopId, displayName: script.people[i]!.name, departmentId: d === null ? null : departmentIds[d]! });
  }
  await next();

  const stageIds: string[] = [];
  for (const [i, stage] of journey.stages.entries()) {
    stageIds.push((await run<{ stageId: string }>(1 + (i % 5), { type: 'addStage', workshopId, label: stage.label, phase: stage.phase })).stageId);
  }
  await next();

  const touchpointIds = new Map<string, string>();
  const channelIds = new Map<string, string>();
  for (const [s, stage] of journey.stages.entries()) {
    for (const [channel, description] of stage.touchpoints) {
      const { touchpointId, channelId } = await run<{ touchpointId: string; channelId: string }>(1 + ((s + channel) % 5), { type: 'addTouchpoint', workshopId, stageId: stageIds[s]!, channel: journey.channels[channel]!, description });
      touchpointIds.set(`${s}|${channel}`, touchpointId);
      channelIds.set(journey.channels[channel]!, channelId);
    }
  }
  // The facilitator says which empty cells are channels with no part to play there, so the map's gaps are real ones.
  for (const [s, channel] of journey.unused) {
    await run(0, { type: 'markCellUnused', workshopId, stageId: stageIds[s]!, channelId: channelIds.get(journey.channels[channel]!)! });
  }
  await next();

  const observationIds: string[][] = [];
  for (const [s, stage] of journey.stages.entries()) {
    const ids: string[] = [];
    for (const [o, obs] of stage.observations.entries()) {
      const touchpointId = obs.channel === undefined ? undefined : touchpointIds.get(`${s}|${obs.channel}`);
      const { observationId } = await run<{ observationId: string }>(1 + ((s + o) % 5), {
        type: 'addObservation', workshopId, kind: obs.kind, text: obs.text, momentOfTruth: obs.momentOfTruth ?? false,
        ...(touchpointId ? { touchpointId } : { stageId: stageIds[s]! }),
      });
      for (const voter of obs.votes) await run(voter, { type: 'vote', workshopId, target: { observationId } });
      ids.push(observationId);
    }
    observationIds.push(ids);
    for (const [who, score] of stage.emotions.entries()) {
      if (score !== null) await run(who, { type: 'rateEmotion', workshopId, stageId: stageIds[s]!, score });
    }
  }
  await next();

  for (const [n, solution] of journey.solutions.entries()) {
    const { solutionId } = await run<{ solutionId: string }>(1 + (n % 5), {
      type: 'proposeSolution', workshopId, text: solution.text, addresses: solution.addresses.map(([s, o]) => observationIds[s]![o]!),
    });
    await run(0, { type: 'assignDepartment', workshopId, solutionId, departmentId: departmentIds[solution.department]! });
    for (const [rater, [impact, effort]] of solution.ratings.entries()) await run(rater, { type: 'rateSolution', workshopId, solutionId, impact, effort });
    for (const voter of solution.votes) await run(voter, { type: 'vote', workshopId, target: { solutionId } });
  }
  await next();
  await run(0, { type: 'closeWorkshop', workshopId });
  const pickUp = stageIds[journey.stages.findIndex((s) => s.keyMoment)]!;
  return { workshopId, pickUp };
}
