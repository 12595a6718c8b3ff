// Everything user-written goes through here before it meets the SVG. Escaping the five XML specials
// makes `<script>`, quotes and `]]>` inert; removing the code points XML 1.0 forbids (C0 controls,
// lone surrogates, U+FFFE/FFFF) keeps the document well-formed, otherwise a parser would reject it.

const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Breaking whitespace only: a no-break space (French « : ») must survive and never be a wrap point. */
const BREAKING_SPACE = /[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+/g;

/** User text made safe and single-line: forbidden characters dropped, whitespace runs collapsed. */
export function clean(text: string): string {
  return text.replace(FORBIDDEN, '').replace(BREAKING_SPACE, ' ').trim();
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For element content and attribute values alike. */
export function esc(text: string | number): string {
  return clean(String(text)).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
