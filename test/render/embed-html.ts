/** What the embed render tests read from rendered markdown: one place for every embed's suite. */
import MarkdownIt from 'markdown-it';
import { markdownAfsprakenwiki } from '../../server/render/markdown-plugin';

export function render(markdown: string): string {
  const md = new MarkdownIt({ html: true });
  md.use(markdownAfsprakenwiki);
  return md.render(markdown);
}

/** The data-* attributes of the first element with this class, or undefined when there is none. */
export function dataOf(html: string, className: string): Record<string, string> | undefined {
  const tag = new RegExp(`<div class="${className}"([^>]*)>`).exec(html);
  if (!tag) return undefined;
  return Object.fromEntries([...tag[1].matchAll(/data-([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** `code:field` of every issue in the error box. */
export function errorCodes(html: string): string[] {
  return [...html.matchAll(/<li[^>]*data-field="([^"]*)"[^>]*data-code="([^"]*)"/g)].map((m) => `${m[2]}:${m[1]}`);
}

/** A fenced block of that name and body. */
export const fence = (name: string, body: string) => `\`\`\`${name}\n${body}\n\`\`\`\n`;
