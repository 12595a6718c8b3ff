// Gives every emoji run of the finished SVG a text chunk of its own, drawn with the emoji font, so that
// resvg shapes it apart from the words around it (why: text/emoji.ts). In SVG a <tspan> with a `y`
// starts a new chunk where the previous one ended, so the words after an emoji get their own chunk too;
// browsers lay it out the same way. Every piece of text the renderer writes sits right after the opening
// tag of a <text> or of a line <tspan>, both with the line's x and y.
import { EMOJI_STACK } from '../fonts.js';
import { drawnEmojiRun, fontRuns } from '../text/emoji.js';
import { advance } from '../text/measure.js';

const PIECE = /<(text|tspan)\b([^>]*)>([^<]*)/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const r1 = (n: number) => Number(n.toFixed(1));

function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];
}

export function emojiChunks(svg: string): string {
  let text = ''; // attributes of the <text> element being read: its tspans inherit them
  return svg.replace(PIECE, (piece, tag: string, attrs: string, content: string) => {
    if (tag === 'text') text = attrs;
    const y = attr(attrs, 'y');
    const runs = fontRuns(content);
    if (y === undefined || !runs.some((r) => r.emoji)) return piece;
    // Centred or right-aligned text would align each chunk on its own: place the line from its start.
    let open = attrs;
    const anchor = attr(attrs, 'text-anchor') ?? attr(text, 'text-anchor') ?? 'start';
    const x = attr(attrs, 'x');
    if (anchor !== 'start' && x !== undefined) {
      const size = Number(attr(attrs, 'font-size') ?? attr(text, 'font-size'));
      const weight = (attr(attrs, 'font-weight') ?? attr(text, 'font-weight')) === '700' ? 'bold' : 'regular';
      const width = advance(content.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!), size, weight);
      const start = Number(x) - (anchor === 'middle' ? width / 2 : width);
      open = `${attrs.replace(/\s(?:x|text-anchor)="[^"]*"/g, '')} x="${r1(start)}" text-anchor="start"`;
    }
    const body = runs.map((r, i) => {
      const chunk = i > 0 ? ` y="${y}"` : '';
      return r.emoji ? `<tspan${chunk} font-family="${EMOJI_STACK}">${r.text}</tspan>` : i > 0 ? `<tspan${chunk}>${r.text}</tspan>` : r.text;
    });
    return `<${tag}${open}>${body.join('')}`;
  });
}

const EMOJI_RUN = new RegExp(`(<tspan[^>]*font-family="${EMOJI_STACK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>)([^<]*)`, 'g');

/** The SVG as the PNG draws it: emoji runs as Noto Emoji can draw them (text/emoji.ts, drawnEmojiRun). */
export function emojiForPng(svg: string): string {
  return svg.replace(EMOJI_RUN, (_, open: string, run: string) => open + drawnEmojiRun(run));
}
