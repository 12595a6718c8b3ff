// PNG sizes. "full" fits 2400 px wide (sharp on a big screen, fine to zoom), but a wide map is never
// scaled below its natural size, so 20 stages stay readable when zoomed; for a chat, a long journey is
// also drawn in parts (svg/parts.ts). "preview" suits a Slack/Teams unfurl.
import { emojiForPng } from '../svg/emoji.js';
import { ALL_FONT_FILES, EMOJI_STACK, FONT_FAMILY } from '../fonts.js';

export type PngSize = 'full' | 'preview' | { width: number };

export interface PngOptions {
  size?: PngSize;
}

const FULL = 2400;
const FULL_MAX = 6000;
const PREVIEW = 1200;

export function targetWidth(svg: string, size: PngSize = 'full'): number {
  if (typeof size === 'object') return Math.round(size.width);
  if (size === 'preview') return PREVIEW;
  const natural = Number(/<svg[^>]*?\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? FULL);
  return Math.round(Math.min(FULL_MAX, Math.max(FULL, natural)));
}

/** What resvg is told, as plain data: it crosses to the worker threads by structured clone. */
export interface ResvgJob {
  svg: string;
  width: number;
  fontFiles: string[];
  defaultFontFamily: string;
}

export function job(svg: string, options: PngOptions = {}): ResvgJob {
  return {
    svg: svg.includes(EMOJI_STACK) ? emojiForPng(svg) : svg,
    width: targetWidth(svg, options.size),
    fontFiles: ALL_FONT_FILES,
    defaultFontFamily: FONT_FAMILY,
  };
}
