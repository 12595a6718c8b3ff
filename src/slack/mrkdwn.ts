// Platform-neutral runs → Slack mrkdwn. User text is escaped (&, <, >) so "<!channel>" or "<@U123>" typed
// by someone is shown, never obeyed; and emphasis markers are neutralised so a label cannot restyle a message.
import type { Line, Run } from '../present/model.js';

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text inside *bold*: escaped, and its own asterisks replaced so the emphasis cannot be broken. */
function strong(text: string): string {
  const inner = escapeMrkdwn(text).replace(/\*/g, '∗');
  const core = inner.trim();
  if (!core) return inner;
  // Slack only bolds *text* without inner edge spaces: keep the spaces outside the asterisks.
  const lead = inner.slice(0, inner.indexOf(core));
  const trail = inner.slice(inner.indexOf(core) + core.length);
  return `${lead}*${core}*${trail}`;
}

/** Slack renders a date in each reader's own timezone; the fallback is for clients that cannot. */
export function slackDate(date: Date, fallback: string): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${escapeMrkdwn(fallback)}>`;
}

export function runToMrkdwn(run: Run): string {
  if (typeof run === 'string') return escapeMrkdwn(run);
  if ('strong' in run) return strong(run.strong);
  if ('user' in run) return /^[UW][A-Z0-9]{2,30}$/.test(run.user) ? `<@${run.user}>` : escapeMrkdwn(run.user);
  return slackDate(run.date, run.fallback);
}

export function lineToMrkdwn(line: Line): string {
  return line.map(runToMrkdwn).join('');
}

/** The same line as plain text (for plain_text fields and notification fallbacks). */
export function lineToPlain(line: Line): string {
  return line.map((run) => (typeof run === 'string' ? run : 'strong' in run ? run.strong : 'user' in run ? `@${run.user}` : run.fallback)).join('');
}

/** Cuts to `max` characters (code points kept whole), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  let out = '';
  for (const c of chars) {
    if (out.length + c.length > max - 1) break;
    out += c;
  }
  return `${out}…`;
}

/**
 * Cuts mrkdwn without breaking an entity (&amp;) or a <…> token in half: cut before the last unclosed one.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = truncate(text, max).slice(0, -1);
  const open = Math.max(cut.lastIndexOf('<'), cut.lastIndexOf('&'));
  if (open >= 0 && !/[>;]/.test(cut.slice(open))) cut = cut.slice(0, open);
  const stars = (cut.match(/\*/g) ?? []).length;
  if (stars % 2 === 1) cut = `${cut}*`.length <= max - 1 ? `${cut}*` : cut.slice(0, cut.lastIndexOf('*'));
  return `${cut}…`;
}
