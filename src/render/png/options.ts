// PNG sizes. "full" fits 2400 px wide (sharp on a big screen, fine to zoom), but a wide map is never
// scaled below its natural size, so 20 stages stay readable; "preview" suits a Slack/Teams unfurl.
import { emojiForPng } from '../svg/emoji.js';
import { EMOJI_FONT_FILES, EMOJI_STACK, FONT_FAMILY, TEXT_FONT_FILES } from '../fonts.js';

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

/** The emoji font is parsed only for pictures that ask for it (the SVG renderer names it on emoji runs). */
export function job(svg: string, options: PngOptions = {}): ResvgJob {
  const emoji = svg.includes(EMOJI_STACK);
  return {
    svg: emoji ? emojiForPng(svg) : svg,
    width: targetWidth(svg, options.size),
    fontFiles: emoji ? [...TEXT_FONT_FILES, ...EMOJI_FONT_FILES] : TEXT_FONT_FILES,
    defaultFontFamily: FONT_FAMILY,
  };
}
