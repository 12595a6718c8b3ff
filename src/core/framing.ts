// Step 0 — Frame: name the workshop, its scope, who takes part; current or target journey; built from
// data or staff knowledge; departments with their heads, who will receive the action items.
import type { CommandOf } from './commands.js';
import { changed, rescheduled, type Actor, type HandlerResult, type WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import { LIMITS } from './limits.js';
import type { DepartmentRecord, ParticipantRecord } from './records.js';
import type { StoreTx, WorkshopPatch } from './store.js';
import type { Role } from './vocabulary.js';

export async function createWorkshop(tx: StoreTx, actor: Actor, c: CommandOf<'createWorkshop'>): Promise<HandlerResult<{ workshopId: string }>> {
  assertUniqueNames(c.departments.map((d) => d.name));
  const workshop = await tx.createWorkshop({
    title: c.title, scope: c.scope, language: c.language, mode: c.mode, journey: c.journey, basis: c.basis,
    anonymous: c.anonymous, voteBudget: c.voteBudget, voteCap: c.voteCap, votesLive: c.votesLive, sourceWorkshopId: null,
  });
  const departments: DepartmentRecord[] = [];
  for (const [i, d] of c.departments.entries()) {
    departments.push(await tx.createDepartment(workshop.id, d.name, d.headUserId, i));
  }
  await tx.createParticipant(workshop.id, {
    userId: actor.userId, displayName: c.facilitatorName || actor.displayName || '', role: 'facilitator',
    departmentId: departments.find((d) => d.headUserId === actor.userId)?.id ?? null,
  });
  for (const d of c.deadlines) await tx.setDeadline(workshop.id, d.step, d.dueAt);
  if (c.persona) await tx.setPersona(workshop.id, c.persona);
  if (c.goal) await tx.setGoal(workshop.id, c.goal);
  return { result: { workshopId: workshop.id }, effects: [{ kind: 'workshopCreated', workshopId: workshop.id }] };
}

export async function editFraming(ctx: WorkshopContext, c: CommandOf<'editFraming'>): Promise<HandlerResult> {
  const { type: _t, workshopId: _w, ...fields } = c;
  const patch: WorkshopPatch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  // Switching anonymity once people have contributed would expose or orphan what they wrote believing otherwise.
  if (patch.anonymous !== undefined && patch.anonymous !== ctx.workshop.anonymous && ctx.workshop.step !== 'framing') {
    refuse('errors.anonymityLocked');
  }
  if (!(await ctx.tx.updateWorkshop(ctx.workshop.id, ctx.workshop.version, patch))) refuse('errors.concurrentChange');
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

export async function setDeadline(ctx: WorkshopContext, c: CommandOf<'setDeadline'>): Promise<HandlerResult> {
  await ctx.tx.setDeadline(ctx.workshop.id, c.step, c.dueAt);
  // Its reminders and the deadline itself are planned again (cancelled when it is cleared).
  return { result: {}, effects: [changed(ctx.workshop.id), rescheduled(ctx.workshop.id)] };
}

function assertUniqueNames(names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    const key = name.toLocaleLowerCase();
    if (seen.has(key)) refuse('errors.departmentExists', { name });
    seen.add(key);
  }
}

async function findDepartment(ctx: WorkshopContext, departmentId: string): Promise<{ department: DepartmentRecord; all: DepartmentRecord[] }> {
  const all = await ctx.tx.listDepartments(ctx.workshop.id);
  const department = all.find((d) => d.id === departmentId);
  if (!department) refuse('errors.departmentNotFound');
  return { department, all };
}

export async function addDepartment(ctx: WorkshopContext, c: CommandOf<'addDepartment'>): Promise<HandlerResult<{ departmentId: string }>> {
  const all = await ctx.tx.listDepartments(ctx.workshop.id);
  if (all.length >= LIMITS.departments) refuse('errors.invalidCommand', { field: 'departments', reason: 'validation.tooMany', max: LIMITS.departments });
  assertUniqueNames([...all.map((d) => d.name), c.name]);
  const department = await ctx.tx.createDepartment(ctx.workshop.id, c.name, c.headUserId, all.length);
  return { result: { departmentId: department.id }, effects: [changed(ctx.workshop.id)] };
}

export async function editDepartment(ctx: WorkshopContext, c: CommandOf<'editDepartment'>): Promise<HandlerResult> {
  const { department, all } = await findDepartment(ctx, c.departmentId);
  if (c.name !== undefined) assertUniqueNames([...all.filter((d) => d.id !== c.departmentId).map((d) => d.name), c.name]);
  await ctx.tx.updateDepartment(c.departmentId, { name: c.name, headUserId: c.headUserId });
  if (c.headUserId !== undefined && c.headUserId !== department.headUserId) {
    const others = all.filter((d) => d.id !== department.id);
    await handOverHead(ctx, department, department.headUserId, c.headUserId, others);
  }
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/**
 * A new head who already joined becomes the department's head, as if they had joined after the change; the
 * former head goes back to being a participant of it, unless they head another department. A facilitator
 * stays facilitator either way.
 */
async function handOverHead(ctx: WorkshopContext, department: DepartmentRecord, formerUserId: string | null, newUserId: string | null, others: DepartmentRecord[]): Promise<void> {
  if (formerUserId && !others.some((d) => d.headUserId === formerUserId)) {
    const former = await ctx.tx.findParticipant(ctx.workshop.id, formerUserId);
    if (former?.role === 'head') await ctx.tx.updateParticipant(former.id, { role: 'participant' });
  }
  if (newUserId) {
    const next = await ctx.tx.findParticipant(ctx.workshop.id, newUserId);
    if (next && next.role !== 'facilitator') await ctx.tx.updateParticipant(next.id, { role: 'head', departmentId: department.id });
  }
}

export async function removeDepartment(ctx: WorkshopContext, c: CommandOf<'removeDepartment'>): Promise<HandlerResult> {
  const { department } = await findDepartment(ctx, c.departmentId);
  // Solutions owned by a department would silently lose their owner.
  if (await ctx.tx.departmentInUse(department.id)) refuse('errors.departmentInUse', { name: department.name });
  await ctx.tx.deleteDepartment(department.id);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

/** The role a user gets on joining: a department's head is a head, everyone else a participant. */
export function roleOnJoin(userId: string, departments: DepartmentRecord[]): { role: Role; departmentId: string | null } {
  const headed = departments.find((d) => d.headUserId === userId);
  return headed ? { role: 'head', departmentId: headed.id } : { role: 'participant', departmentId: null };
}

export async function ensureParticipant(tx: StoreTx, workshopId: string, actor: Actor): Promise<ParticipantRecord> {
  const existing = await tx.findParticipant(workshopId, actor.userId);
  if (existing) return existing;
  const { role, departmentId } = roleOnJoin(actor.userId, await tx.listDepartments(workshopId));
  return tx.createParticipant(workshopId, { userId: actor.userId, displayName: actor.displayName ?? '', role, departmentId });
}

export async function join(ctx: WorkshopContext, c: CommandOf<'join'>): Promise<HandlerResult<{ participantId: string }>> {
  if (c.departmentId) await findDepartment(ctx, c.departmentId);
  const participant = await ctx.participant();
  const patch: { displayName?: string; departmentId?: string | null } = {};
  if (c.displayName) patch.displayName = c.displayName;
  if (c.departmentId) patch.departmentId = c.departmentId;
  if (Object.keys(patch).length) await ctx.tx.updateParticipant(participant.id, patch);
  // The anchor counts who joined and who is expected to contribute: it is redrawn.
  return { result: { participantId: participant.id }, effects: [changed(ctx.workshop.id)] };
}
