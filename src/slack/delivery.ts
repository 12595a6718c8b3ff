// Stable delivery ids for the engine, so a request Slack sends again (a retried event, a re-sent action or
// submission) is applied once — on any replica, since the engine keeps delivery ids in the database.
import { createHash } from 'node:crypto';

const digest = (...parts: (string | undefined | null)[]): string =>
  createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('base64url');

/** An Events API delivery: Slack's own event id. */
export const eventDelivery = (eventId: string): string => `slack:evt:${eventId.slice(0, 100)}`;

/** A button or menu click: the click's own timestamp identifies it, with who clicked what. */
export const actionDelivery = (team: string, user: string, actionId: string, actionTs: string | undefined, value: string | undefined): string =>
  `slack:act:${digest(team, user, actionId, actionTs, value)}`;

/**
 * A modal submission: the view and its hash, and what was submitted — a resubmission after fixing an error
 * carries other values, so it is a new delivery; a re-sent identical payload is the same one.
 */
export const viewDelivery = (team: string, user: string, viewId: string, viewHash: string | undefined, values: unknown): string =>
  `slack:view:${digest(team, user, viewId, viewHash, JSON.stringify(values ?? {}))}`;

export const commandDelivery = (team: string, triggerId: string): string => `slack:cmd:${digest(team, triggerId)}`;
