// Private answers to one person: refusals, confirmations, warnings, help. Always in the language of
// the workshop they are about (or the workspace's default outside a workshop).
import type { Warning } from '../core/context.js';
import type { Language } from '../core/vocabulary.js';
import { localizeRefusal, localizeWarning, type Refusal } from '../i18n/refusal.js';
import type { Line, NoticeView } from './model.js';
import { words } from './text.js';

export function refusalNotice(refusal: Refusal, language: Language): NoticeView {
  return { tone: 'refused', language, lines: [[localizeRefusal(refusal, language)]] };
}

export function warningNotices(warnings: Warning[], language: Language): NoticeView[] {
  return warnings.map((warning) => ({ tone: 'warning' as const, language, lines: [[localizeWarning(warning, language)]] }));
}

export function votedNotice(language: Language, remaining: number, removed = false): NoticeView {
  const w = words(language);
  return { tone: 'ok', language, lines: [[w.p(removed ? 'notices.unvoted' : 'notices.voted'), ' ', w.p('notices.left', { count: remaining })]] };
}

/** Whoever joined a workshop: they take part, and what the current step awaits from them, if anything (message keys of OwedWork). */
export function joinedNotice(language: Language, owes: { key: string; count: number }[]): NoticeView {
  const w = words(language);
  if (!owes.length) return { tone: 'ok', language, lines: [[w.p('notices.joined')]] };
  return { tone: 'ok', language, lines: [[w.p('notices.joined'), ' ', w.p('status.yours'), ' ', owes.map((o) => w.t(o.key, { count: o.count })).join(', ')]] };
}

/** Something only this adapter knows went wrong (an expired form, a tampered button, Slack refusing a call). */
export function problemNotice(language: Language, key: string, params: Record<string, string | number> = {}): NoticeView {
  return { tone: 'refused', language, lines: [[words(language).p(`problems.${key}`, params)]] };
}

export function infoNotice(language: Language, key: string, params: Record<string, string | number> = {}): NoticeView {
  return { tone: 'info', language, lines: [[words(language).p(key, params)]] };
}

/** `/parcours help`: the commands, then the method in five lines. `command` is the platform's own name for it. */
export function helpNotice(language: Language, command: string): NoticeView {
  const w = words(language);
  const lines: Line[] = [[{ strong: w.p('help.title') }], [w.p('help.intro')]];
  for (const sub of ['new', 'status', 'list', 'map', 'help'] as const) {
    lines.push([{ strong: `${command} ${w.p(`help.commands.${sub}.name`)}` }, ' — ', w.p(`help.commands.${sub}.text`)]);
  }
  lines.push([w.p('help.method')]);
  return { tone: 'info', language, lines };
}
