// The fonts the PNG is rendered with, resolved from npm packages (never the system's fonts), so a map
// renders the same on a laptop, in CI and on the server. Inter reads well small; DejaVu Sans covers
// the symbols and scripts Inter lacks; Noto Emoji draws the emoji participants type, as black outlines
// (resvg-js 2.6 draws outline glyphs only, no colour fonts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const inter = dirname(require.resolve('@expo-google-fonts/inter/package.json'));
const dejavu = dirname(require.resolve('dejavu-fonts-ttf/package.json'));
const notoEmoji = dirname(require.resolve('@expo-google-fonts/noto-emoji/package.json'));

export const FONT_FAMILY = 'Inter';
/** What the SVG asks for: resvg falls back through the list per glyph. */
export const FONT_STACK = "Inter, 'DejaVu Sans', sans-serif";

export const EMOJI_FAMILY = 'Noto Emoji';
/**
 * What emoji runs ask for. Noto Emoji comes first: resvg-js 2.6 lays some emoji out too narrow when the
 * list starts with a family it does not have. A browser without Noto Emoji (most) uses its colour font.
 */
export const EMOJI_STACK = `'${EMOJI_FAMILY}', 'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji', sans-serif`;

export const FONT_FILES = {
  regular: join(inter, '400Regular/Inter_400Regular.ttf'),
  bold: join(inter, '700Bold/Inter_700Bold.ttf'),
  fallbackRegular: join(dejavu, 'ttf/DejaVuSans.ttf'),
  fallbackBold: join(dejavu, 'ttf/DejaVuSans-Bold.ttf'),
  emojiRegular: join(notoEmoji, '400Regular/NotoEmoji_400Regular.ttf'),
  emojiBold: join(notoEmoji, '700Bold/NotoEmoji_700Bold.ttf'),
} as const;

/** resvg reads a face only when it draws with it: the emoji font costs nothing to a map without emoji. */
export const ALL_FONT_FILES: string[] = Object.values(FONT_FILES);
