// Parsing helpers: the tests read the SVG back as XML rather than trusting the renderer's strings.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

export function parseSvg(svg: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(svg, 'image/svg+xml');
  if (errors.length) throw new Error(`SVG is not well-formed: ${errors.join('; ')}`);
  return doc;
}

export function all(doc: Document | Element, tag = '*'): Element[] {
  return Array.from(doc.getElementsByTagName(tag)) as Element[];
}

export function withAttr(doc: Document, attr: string): Element[] {
  return all(doc).filter((e) => e.hasAttribute(attr));
}

export function textOf(e: Element): string {
  return e.textContent ?? '';
}
