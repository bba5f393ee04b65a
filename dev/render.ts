/**
 * Page HTML as Wiki.js 2.5 produces it for a markdown page: markdown-it 11 with the extension's
 * plugin, then DOMPurify 3.3.1 with Wiki.js's html-security options, so placeholders and cards
 * look exactly as they do in Wiki.js.
 */
import MarkdownIt from 'markdown-it';
import createDOMPurify, { type WindowLike } from 'dompurify';
import { JSDOM } from 'jsdom';
import { markdownAfsprakenwiki } from '../server/render/markdown-plugin';

const md = new MarkdownIt({ html: true, linkify: true, breaks: true, typographer: false });
md.use(markdownAfsprakenwiki);

const purify = createDOMPurify(new JSDOM('').window as unknown as WindowLike);

/** Wiki.js's html-security settings (modules/rendering/html-security/renderer.js, defaults). */
const SANITIZE = {
  ADD_TAGS: ['tabset', 'template', 'foreignObject'],
  ADD_ATTR: ['v-pre', 'v-slot:tabs', 'v-slot:content', 'target'],
  HTML_INTEGRATION_POINTS: { foreignobject: true },
};

export function renderPage(content: string, contentType: string, locale: string): string {
  const html = contentType === 'html' ? content : md.render(content, { locale });
  return purify.sanitize(html, SANITIZE);
}
