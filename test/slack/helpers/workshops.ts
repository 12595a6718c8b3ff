// Workshops set up through the engine, for tests about what follows them (deliveries, restarts).
import type { RunningServer } from '../../../src/server.js';
import { CHANNEL } from './driver.js';
import { TEAM, type User } from './harness.js';

const FAC: User = { id: 'U0FAC', name: 'fatou' };

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

