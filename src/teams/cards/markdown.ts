// Platform-neutral runs → the markdown Teams draws in a TextBlock (**bold**, _italic_, lists, links).
// What people typed is neutralised, never obeyed: its emphasis and link markers become look-alikes, a line
// cannot start a list or a heading, "{{" cannot call Teams' date functions and "<at>" cannot fake a mention.
import type { Line, Run } from '../../present/model.js';

/** Who a mention names: Teams needs the person's name beside their id (a `mention` entity on the card). */
export interface Mention {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/**
 * What turning runs into text needs besides the runs: people's names when the adapter knows them, and the
 * mentions used so far (the card carries them in `msteams.entities`, or Teams shows the tag as typed).
 */
export class TextContext {
  readonly mentions: Mention[] = [];
  constructor(private readonly names: ReadonlyMap<string, string> = new Map()) {}

  mention(userId: string): string {
    const name = this.names.get(userId);
    if (!name) return escapeMarkdown(userId);
    const text = `<at>${escapeMarkdown(name).replace(/[<>]/g, '')}</at>`;
    if (!this.mentions.some((m) => m.mentioned.id === userId)) this.mentions.push({ type: 'mention', text, mentioned: { id: userId, name } });
    return text;
  }
}

/** Anything escapeMarkdown would change; most texts hold none, and one test is far cheaper than eight replaces. */
const NEEDS_ESCAPE = /[_*`~[\]{<]|^\s*(?:[-+#>]|\d+[.)])(?=\s|$)/m;

export function escapeMarkdown(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    // An underscore inside a word (PARCOURS_PUBLIC_URL) can neither open nor close emphasis: kept, so that a
    // setting's name copied from a card is the real one.
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '＿')
    .replace(/\*/g, '∗').replace(/`/g, 'ˋ').replace(/~/g, '∼')
    .replace(/\[/g, '［').replace(/\]/g, '］')
    .replace(/\{\{/g, '{\u200b{').replace(/<(\/?)at>/gi, '‹$1at›')
    // A list item, a heading or a quote only starts a line: a zero-width space in front keeps it text.
    .replace(/^(\s*)([-+#>]|\d+[.)])(?=\s|$)/gm, '$1\u200b$2');
}

/** Teams formats {{DATE()}} and {{TIME()}} in each reader's own language and timezone (RFC 3339, no milliseconds). */
export function teamsDate(date: Date): string {
  const iso = `${date.toISOString().slice(0, 19)}Z`;
  return `{{DATE(${iso},SHORT)}} {{TIME(${iso})}}`;
}

/** Bold without inner edge spaces (markdown would not bold "** x**"): spaces stay outside the markers. */
function strong(text: string): string {
  const inner = escapeMarkdown(text);
  const core = inner.trim();
  if (!core) return inner;
  const start = inner.indexOf(core);
  return `${inner.slice(0, start)}**${core}**${inner.slice(start + core.length)}`;
}

export function runToMarkdown(run: Run, ctx: TextContext): string {
  if (typeof run === 'string') return escapeMarkdown(run);
  if ('strong' in run) return strong(run.strong);
  if ('user' in run) return ctx.mention(run.user);
  return teamsDate(run.date);
}

export function lineToMarkdown(line: Line, ctx: TextContext): string {
  return line.map((run) => runToMarkdown(run, ctx)).join('');
}

/** The same line without markup, for titles and choices (Teams draws no markdown there). */
export function lineToPlain(line: Line): string {
  return line.map((run) => (typeof run === 'string' ? run : 'strong' in run ? run.strong : 'user' in run ? run.user : run.fallback)).join('');
}

/** Cuts to `max` UTF-16 units, code points kept whole, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const c of text) {
    if (out.length + c.length > max - 1) break;
    out += c;
  }
  return `${out}…`;
}

/** Cuts markdown without leaving a bold open or a date function or mention in half. */
export function truncateMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = truncate(text, max).slice(0, -1);
  const open = Math.max(cut.lastIndexOf('{{'), cut.lastIndexOf('<at>'));
  if (open >= 0 && !/\}\}|<\/at>/.test(cut.slice(open))) cut = cut.slice(0, open);
  if ((cut.match(/\*\*/g) ?? []).length % 2 === 1) cut = cut.slice(0, cut.lastIndexOf('**'));
  return `${cut}…`;
}
