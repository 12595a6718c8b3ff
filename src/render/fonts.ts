// The fonts the PNG is rendered with, resolved from npm packages (never the system's fonts), so a map
// renders the same on a laptop, in CI and on the server. Inter reads well small; DejaVu Sans covers
// the symbols and scripts Inter lacks.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const inter = dirname(require.resolve('@expo-google-fonts/inter/package.json'));
const dejavu = dirname(require.resolve('dejavu-fonts-ttf/package.json'));

export const FONT_FAMILY = 'Inter';
/** What the SVG asks for: resvg falls back through the list per glyph. */
export const FONT_STACK = "Inter, 'DejaVu Sans', sans-serif";

export const FONT_FILES = {
  regular: join(inter, '400Regular/Inter_400Regular.ttf'),
  bold: join(inter, '700Bold/Inter_700Bold.ttf'),
  fallbackRegular: join(dejavu, 'ttf/DejaVuSans.ttf'),
  fallbackBold: join(dejavu, 'ttf/DejaVuSans-Bold.ttf'),
} as const;

export const ALL_FONT_FILES: string[] = Object.values(FONT_FILES);
