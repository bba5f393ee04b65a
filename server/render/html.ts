/**
 * A tiny HTML builder for the renderer. Tag and attribute names only ever come from this code;
 * every value is escaped, so page content can never add markup, attributes or handlers.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for element content and for double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]);
}

/** Tags the renderer emits: all in DOMPurify's default allow-list (see test/render). */
export type Tag = 'div' | 'span' | 'p' | 'dl' | 'dt' | 'dd' | 'ul' | 'li' | 'a' | 'table' | 'thead' | 'tbody' | 'tr' | 'th' | 'td';

/** Attribute values; `true` writes a bare attribute (`v-pre`), undefined/false/'' leave it out. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/** Markup produced by this builder; plain strings passed as children are escaped. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

export type Child = Html | string | undefined | false;

const ATTRIBUTE_NAME = /^(?:class|lang|role|href|rel|target|title|v-pre|colspan|(?:data|aria)-[a-z][a-z0-9-]*)$/;

export function el(tag: Tag, attributes: Attributes, ...children: Child[]): Html {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== false && value !== '')
    .map(([name, value]) => {
      // Names are code, never data; this guard keeps it that way.
      if (!ATTRIBUTE_NAME.test(name)) throw new Error(`Attribute not allowed: ${name}`);
      return value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
    })
    .join('');
  return new Html(`<${tag}${attrs}>${children.map(render).join('')}</${tag}>`);
}

function render(child: Child): string {
  if (child === undefined || child === false) return '';
  return child instanceof Html ? child.markup : escapeHtml(child);
}

export function fragment(...children: Child[]): Html {
  return new Html(children.map(render).join(''));
}
