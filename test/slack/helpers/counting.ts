// Counts what contributing costs a participant in Slack: the requests their client sends (each a click:
// a button, a menu choice, a form submitted) and the forms they are shown (a modal opened, or a modal that
// comes back after a submission). Used to measure the furniture-store workshop before and after "contributing
// fast" (README, "What contributing costs").
import type { Driver } from './driver.js';
import type { Sent } from './harness.js';

export interface Cost {
  /** Requests the participant's client sent: each is a click (a button, a choice that redraws a form, a submit). */
  requests: number;
  /** Forms the participant opened. */
  opened: number;
  /** Forms they were shown: opened, or back after a submission (a preview, the same form to add another). */
  shown: number;
}

/** Runs `work` and counts the requests it sent through the driver and the forms they showed. */
export async function cost(d: Driver, work: () => Promise<unknown>): Promise<Cost> {
  const original = d.send.bind(d);
  const opened = d.fake.of('views.open').length;
  let requests = 0;
  let updates = 0;
  d.send = async (body: string, type: string): Promise<Sent> => {
    requests += 1;
    const sent = await original(body, type);
    // A submission answered with another form (the next one, a preview, the same one again) shows a form.
    if (sent.body.includes('"response_action":"update"')) updates += 1;
    return sent;
  };
  try {
    await work();
  } finally {
    d.send = original;
  }
  const open = d.fake.of('views.open').length - opened;
  return { requests, opened: open, shown: open + updates };
}

/** Sums costs (several kinds of contribution). */
export function total(costs: Cost[]): Cost {
  return costs.reduce((a, b) => ({ requests: a.requests + b.requests, opened: a.opened + b.opened, shown: a.shown + b.shown }), { requests: 0, opened: 0, shown: 0 });
}
