// Who may do what: every role against every command that changes a solution's owning department, the
// framing or the step, or tidies everyone's contributions (merges, the target journey's story), through the real
// engine on a real database. Each case starts from its own workshop
// at the solutions step, so an accepted command never changes what the next case sees; a refused one must
// leave the workshop exactly as it was. Rules, not storage: the embedded SQLite default is enough here (the
// store contract runs both databases).
import { describe, expect, it } from 'vitest';
import type { CommandInput } from '../../src/core/commands.js';
import { engineSuite } from '../helpers/engine.js';

const ROLES = {
  facilitator: 'U_FAC',
  participant: 'U_PART',
  'head of the owning department': 'U_HEAD_SALES',
  'head of another department': 'U_HEAD_STORES',
  'someone who has not joined': 'U_OUT',
} as const;
type RoleName = keyof typeof ROLES;

/** One workshop at the solutions step: Sales owns one solution, nobody owns the other; Care has no head. */
interface Fixture {
  workshopId: string;
  sales: string;
  stores: string;
  care: string;
  owned: string;
  unowned: string;
  observation: string;
  /** Another irritant of the same stage, and another touchpoint of it: near-duplicates to merge. */
  duplicate: string;
  touchpoint: string;
  otherTouchpoint: string;
  /** The target journey started from this one. */
  target: string;
}

type Expected = 'ok' | `errors.${string}`;
interface Case {
  name: string;
  command: (f: Fixture) => CommandInput;
  expect: Record<RoleName, Expected>;
}

const FACILITATOR_ONLY = (): Record<RoleName, Expected> => ({
  facilitator: 'ok', participant: 'errors.notFacilitator', 'head of the owning department': 'errors.notFacilitator',
  'head of another department': 'errors.notFacilitator', 'someone who has not joined': 'errors.notFacilitator',
});

const CASES: Case[] = [
  // The framing.
  { name: 'editFraming', command: (f) => ({ type: 'editFraming', workshopId: f.workshopId, title: 'Renamed', votesLive: true }), expect: FACILITATOR_ONLY() },
  { name: 'setDeadline', command: (f) => ({ type: 'setDeadline', workshopId: f.workshopId, step: 'solutions', dueAt: '2026-12-24T17:00:00Z' }), expect: FACILITATOR_ONLY() },
  { name: 'addDepartment', command: (f) => ({ type: 'addDepartment', workshopId: f.workshopId, name: 'Logistics' }), expect: FACILITATOR_ONLY() },
  { name: 'editDepartment', command: (f) => ({ type: 'editDepartment', workshopId: f.workshopId, departmentId: f.sales, headUserId: 'U_PART' }), expect: FACILITATOR_ONLY() },
  { name: 'removeDepartment', command: (f) => ({ type: 'removeDepartment', workshopId: f.workshopId, departmentId: f.care }), expect: FACILITATOR_ONLY() },
  // The step.
  { name: 'advanceStep', command: (f) => ({ type: 'advanceStep', workshopId: f.workshopId }), expect: FACILITATOR_ONLY() },
  { name: 'reopenStep', command: (f) => ({ type: 'reopenStep', workshopId: f.workshopId, step: 'evaluation' }), expect: FACILITATOR_ONLY() },
  { name: 'revealVotes', command: (f) => ({ type: 'revealVotes', workshopId: f.workshopId, step: 'solutions' }), expect: FACILITATOR_ONLY() },
  { name: 'closeWorkshop', command: (f) => ({ type: 'closeWorkshop', workshopId: f.workshopId }), expect: FACILITATOR_ONLY() },
  { name: 'startTargetJourney', command: (f) => ({ type: 'startTargetJourney', workshopId: f.workshopId }), expect: FACILITATOR_ONLY() },
  { name: 'deleteWorkshop', command: (f) => ({ type: 'deleteWorkshop', workshopId: f.workshopId }), expect: FACILITATOR_ONLY() },
  // Tidying everyone's contributions: how an AI suggestion is applied, by the facilitator's click.
  { name: 'mergeObservations', command: (f) => ({ type: 'mergeObservations', workshopId: f.workshopId, keepId: f.observation, mergeIds: [f.duplicate] }), expect: FACILITATOR_ONLY() },
  { name: 'mergeTouchpoints', command: (f) => ({ type: 'mergeTouchpoints', workshopId: f.workshopId, keepId: f.touchpoint, mergeIds: [f.otherTouchpoint] }), expect: FACILITATOR_ONLY() },
  { name: 'setNarrative', command: (f) => ({ type: 'setNarrative', workshopId: f.target, text: 'Claire books a slot and her sofa is waiting.' }), expect: FACILITATOR_ONLY() },
  // The owning department.
  {
    name: 'assignDepartment: an owned solution to another department',
    command: (f) => ({ type: 'assignDepartment', workshopId: f.workshopId, solutionId: f.owned, departmentId: f.stores }),
    expect: {
      facilitator: 'ok', participant: 'errors.ownerChoiceNotAllowed', 'head of the owning department': 'ok',
      'head of another department': 'errors.solutionOwnedElsewhere', 'someone who has not joined': 'errors.ownerChoiceNotAllowed',
    },
  },
  {
    name: 'assignDepartment: an owned solution kept where it is',
    command: (f) => ({ type: 'assignDepartment', workshopId: f.workshopId, solutionId: f.owned, departmentId: f.sales }),
    expect: {
      facilitator: 'ok', participant: 'errors.ownerChoiceNotAllowed', 'head of the owning department': 'ok',
      'head of another department': 'errors.solutionOwnedElsewhere', 'someone who has not joined': 'errors.ownerChoiceNotAllowed',
    },
  },
  {
    name: 'assignDepartment: an unowned solution to the Sales department',
    command: (f) => ({ type: 'assignDepartment', workshopId: f.workshopId, solutionId: f.unowned, departmentId: f.sales }),
    expect: {
      facilitator: 'ok', participant: 'errors.ownerChoiceNotAllowed', 'head of the owning department': 'ok',
      'head of another department': 'errors.ownerChoiceOwnDepartment', 'someone who has not joined': 'errors.ownerChoiceNotAllowed',
    },
  },
  {
    name: 'assignDepartment: an unowned solution to Care, which nobody heads',
    command: (f) => ({ type: 'assignDepartment', workshopId: f.workshopId, solutionId: f.unowned, departmentId: f.care }),
    expect: {
      facilitator: 'ok', participant: 'errors.ownerChoiceNotAllowed', 'head of the owning department': 'errors.ownerChoiceOwnDepartment',
      'head of another department': 'errors.ownerChoiceOwnDepartment', 'someone who has not joined': 'errors.ownerChoiceNotAllowed',
    },
  },
  {
    name: 'proposeSolution owned by Sales from the start',
    command: (f) => ({ type: 'proposeSolution', workshopId: f.workshopId, text: 'Text the customer when the order is ready', addresses: [f.observation], departmentId: f.sales }),
    expect: {
      facilitator: 'ok', participant: 'errors.ownerChoiceNotAllowed', 'head of the owning department': 'ok',
      'head of another department': 'errors.ownerChoiceOwnDepartment', 'someone who has not joined': 'errors.ownerChoiceNotAllowed',
    },
  },
  {
    // Proposing without choosing an owner stays everyone's, joined or not: contributing is how one joins.
    name: 'proposeSolution with no owning department',
    command: (f) => ({ type: 'proposeSolution', workshopId: f.workshopId, text: 'A second pick-up desk on Saturdays', addresses: [f.observation] }),
    expect: { facilitator: 'ok', participant: 'ok', 'head of the owning department': 'ok', 'head of another department': 'ok', 'someone who has not joined': 'ok' },
  },
];

describe('who may change the owning department, the framing or the step', () => {
  const h = engineSuite('sqlite');
  const as = (role: RoleName) => h.actor(ROLES[role], role);

  async function fixture(): Promise<Fixture> {
    const fac = as('facilitator');
    const { workshopId } = await h.ok<{ workshopId: string }>(fac, {
      type: 'createWorkshop', title: 'Pick-up', language: 'en', persona: { name: 'Claire' }, goal: 'Leave with my sofa',
      departments: [{ name: 'Sales', headUserId: ROLES['head of the owning department'] }, { name: 'Stores', headUserId: ROLES['head of another department'] }, { name: 'Care' }],
    });
    const [sales, stores, care] = (await h.queries.snapshot(h.workspaceId, workshopId)).departments.map((d) => d.id) as [string, string, string];
    await h.ok(fac, { type: 'advanceStep', workshopId });
    await h.ok(fac, { type: 'advanceStep', workshopId });
    const { stageId } = await h.ok<{ stageId: string }>(fac, { type: 'addStage', workshopId, label: 'I pick up my sofa', phase: 'after' });
    await h.ok(fac, { type: 'advanceStep', workshopId });
    const { touchpointId: touchpoint } = await h.ok<{ touchpointId: string }>(fac, { type: 'addTouchpoint', workshopId, stageId, channel: 'Warehouse desk' });
    const { touchpointId: otherTouchpoint } = await h.ok<{ touchpointId: string }>(fac, { type: 'addTouchpoint', workshopId, stageId, channel: 'Pick-up desk' });
    await h.ok(fac, { type: 'advanceStep', workshopId });
    const { observationId } = await h.ok<{ observationId: string }>(fac, { type: 'addObservation', workshopId, kind: 'irritant', text: 'An hour of waiting', stageId });
    const { observationId: duplicate } = await h.ok<{ observationId: string }>(fac, { type: 'addObservation', workshopId, kind: 'irritant', text: 'Waiting for an hour', stageId });
    for (const role of ['participant', 'head of the owning department', 'head of another department'] as const) await h.ok(as(role), { type: 'join', workshopId });
    await h.ok(fac, { type: 'advanceStep', workshopId });
    const owned = (await h.ok<{ solutionId: string }>(fac, { type: 'proposeSolution', workshopId, text: 'Prepare orders at the till', addresses: [observationId], departmentId: sales })).solutionId;
    const unowned = (await h.ok<{ solutionId: string }>(fac, { type: 'proposeSolution', workshopId, text: 'Book a pick-up slot', addresses: [observationId] })).solutionId;
    await h.ok(fac, { type: 'rateSolution', workshopId, solutionId: owned, impact: 4, effort: 2 });
    const { workshopId: target } = await h.ok<{ workshopId: string }>(fac, { type: 'startTargetJourney', workshopId });
    return { workshopId, sales, stores, care, owned, unowned, observation: observationId, duplicate, touchpoint, otherTouchpoint, target };
  }

  /** Everything stored about the workshop, as the engine reads it back. */
  async function stored(workshopId: string) {
    return h.store.transaction(h.workspaceId, (tx) => tx.loadWorkshop(workshopId));
  }

  const table = CASES.flatMap((c) => (Object.keys(ROLES) as RoleName[]).map((role) => ({ ...c, role, expected: c.expect[role] })));

  it.each(table)('$name — $role: $expected', async ({ command, role, expected }) => {
    const f = await fixture();
    const input = command(f);
    // The workshop the command is about: the target journey, for its story.
    const workshopId = 'workshopId' in input && typeof input.workshopId === 'string' ? input.workshopId : f.workshopId;
    const before = await stored(workshopId);
    const outcome = await h.engine.execute(as(role), input);
    if (expected === 'ok') {
      expect(outcome.ok ? 'ok' : outcome.error.code).toBe('ok');
    } else {
      expect(outcome.ok ? 'ok' : outcome.error.code).toBe(expected);
      // A refusal writes nothing: not even the person joining.
      expect(await stored(workshopId)).toEqual(before);
    }
  });

  it('says each ownership refusal in words, in both languages, naming the department', async () => {
    const f = await fixture();
    const refused = await h.engine.execute(as('head of another department'), { type: 'assignDepartment', workshopId: f.workshopId, solutionId: f.owned, departmentId: f.stores });
    expect(refused).toMatchObject({ ok: false, error: { code: 'errors.solutionOwnedElsewhere', params: { department: 'Sales' } } });
    const { localizeRefusal } = await import('../../src/i18n/refusal.js');
    const error = refused.ok ? null : refused.error;
    expect(localizeRefusal(error!, 'en')).toBe('“Sales” owns this solution: only its head or the facilitator can give it to another department.');
    expect(localizeRefusal(error!, 'fr')).toBe('Le service « Sales » porte cette solution : seul·e son ou sa responsable, ou l’animateur·rice, peut la confier à un autre service.');
  });
});
