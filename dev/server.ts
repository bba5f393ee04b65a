/**
 * The dev app: `npm start`. Hosts the extension's real server code (index, service, GraphQL API,
 * renderer) on a fresh SQLite database with the examples, and mounts the real client bundle
 * (dist/client, built by `npm run build`) in a Wiki.js-like page shell.
 *
 *   GET  /                      → the kb-overvecht system page
 *   GET  /<locale>/<path>       → a page (locale optional, default nl)
 *   GET  /e/<locale>/<path>     → a stand-in for Wiki.js's editor on that page
 *   POST /graphql               → the agreements API, as the current dev user (or the author, with
 *                                 `Authorization: Bearer dev-author-token`, for the CLI's import)
 *   GET  /_dev/as/<guest|author>, /_dev/theme/<light|dark>  → switches (cookies)
 */
import fs from 'fs';
import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import { createBackend, type Backend, type BackendOptions, type Role } from './backend';
import { renderPage } from './render';
import { escape as escapeHtml, pageShell } from './shell';
import { executeGraphql, type GraphqlRequestBody } from '../server/graph/standalone';
import { isPublishedAt, publishingDateOf } from '../server/domain/publishing';
import { readBoolean } from '../server/store/dialect';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_LOCALE = 'nl';
const HOME = `/${DEFAULT_LOCALE}/kb-overvecht`;
const LOCALE_SEGMENT = /^[a-z]{2}(?:-[a-z]{2,4})?$/;

/** Static files the shell needs: Vue and Vuetify exactly as Wiki.js 2.5 ships them, and the bundle. */
const STATIC: Record<string, string> = {
  '/_dev/vendor/vue.min.js': 'node_modules/vue/dist/vue.min.js',
  '/_dev/vendor/vuetify.min.js': 'node_modules/vuetify/dist/vuetify.min.js',
  '/_dev/vendor/vuetify.min.css': 'node_modules/vuetify/dist/vuetify.min.css',
  '/_dev/shell.css': 'dev/shell.css',
};
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

const NAV = [
  { href: '/nl/kb-overvecht', label: 'Krachtige Basiszorg Overvecht' },
  { href: '/nl/kb-noordwest', label: 'Krachtige Basiszorg Noordwest' },
  { href: '/nl/afsprakenstelsels', label: 'Afsprakenstelsels' },
  { href: '/nl/kb-overvecht/vergelijking-noord-west', label: 'Vergelijking Overvecht – Noordwest' },
  { href: '/nl/kb-kanaleneiland', label: 'Krachtige Basiszorg Kanaleneiland' },
  { href: '/nl/kb-kanaleneiland/overdracht-van-overvecht', label: 'Overdracht Overvecht – Kanaleneiland' },
  { href: '/nl/afspraken-zoeken', label: 'Afspraken zoeken' },
  { href: '/nl/partijen', label: 'Wie zit waar aan tafel?' },
  { href: '/nl/onderhoud-afspraken', label: 'Onderhoud' },
];

interface PageRow {
  id: number;
  path: string;
  localeCode: string;
  title: string;
  content: string;
  contentType: string;
  isPublished: unknown;
  publishStartDate: string | null;
  publishEndDate: string | null;
}

function cookies(req: http.IncomingMessage): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) jar[name] = decodeURIComponent(value.join('='));
  }
  return jar;
}

/** The dev app's stand-in for a Wiki.js API key (the CLI's `--token`): it acts as the author. */
export const DEV_AUTHOR_TOKEN = 'dev-author-token';

function roleOf(req: http.IncomingMessage): Role {
  if (req.headers.authorization === `Bearer ${DEV_AUTHOR_TOKEN}`) return 'author';
  return cookies(req).afw_role === 'author' ? 'author' : 'guest';
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function redirect(res: http.ServerResponse, location: string, cookie?: string): void {
  res.writeHead(302, { Location: location, ...(cookie ? { 'Set-Cookie': `${cookie}; Path=/; SameSite=Lax` } : {}) });
  res.end();
}

/** Only local paths as redirect targets. */
function backTo(url: URL): string {
  const back = url.searchParams.get('back') ?? '/';
  return back.startsWith('/') && !back.startsWith('//') ? back : '/';
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handleGraphql(backend: Backend, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let body: GraphqlRequestBody;
  try {
    body = JSON.parse(await readBody(req)) as GraphqlRequestBody;
  } catch {
    send(res, 400, 'application/json', JSON.stringify({ errors: [{ message: 'invalid JSON' }] }));
    return;
  }
  const result = await executeGraphql(backend.schema, body, { user: backend.users[roleOf(req)] });
  send(res, 200, 'application/json', JSON.stringify(result));
}

async function handlePage(backend: Backend, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const segments = decodeURIComponent(url.pathname).split('/').filter(Boolean);
  const hasLocale = segments.length > 1 && LOCALE_SEGMENT.test(segments[0]);
  const locale = hasLocale ? segments[0] : DEFAULT_LOCALE;
  const pagePath = (hasLocale ? segments.slice(1) : segments).join('/');
  const role = roleOf(req);
  const dark = cookies(req).afw_theme === 'dark';
  const page: PageRow | undefined = await backend.knex('pages').where({ path: pagePath, localeCode: locale }).first();
  const user = backend.users[role];
  const tags = page ? (await backend.knex('pageTags').join('tags', 'tags.id', 'pageTags.tagId').where('pageTags.pageId', page.id).select('tags.tag')).map((r: { tag: string }) => r.tag) : [];
  const target = page && { path: page.path, locale, tags };
  // As Wiki.js's page view: readable, and published (inside its window) or writable.
  const published = page && isPublishedAt({ isPublished: readBoolean(page.isPublished), publishStartDate: publishingDateOf(page.publishStartDate), publishEndDate: publishingDateOf(page.publishEndDate) }, Date.now());
  const visible = target && backend.policy.can(user, 'read:pages', target) && (published || backend.policy.can(user, 'write:pages', target));
  const shell = (status: number, title: string, html: string) =>
    send(res, status, 'text/html; charset=utf-8', pageShell({ locale, path: pagePath, title, html, role, dark, nav: NAV }));
  if (!page) return shell(404, 'Pagina niet gevonden', '<p>Deze pagina bestaat niet.</p>');
  if (!visible) return shell(403, 'Geen toegang', '<p>U mag deze pagina niet lezen.</p>');
  shell(200, page.title, renderPage(page.content, page.contentType, locale));
}

/** Wiki.js opens its editor here after a page is created (contract §7.1); the dev app only says so. */
async function handleEditor(backend: Backend, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const [locale = DEFAULT_LOCALE, ...rest] = decodeURIComponent(url.pathname).split('/').filter(Boolean).slice(1);
  const pagePath = rest.join('/');
  const page: PageRow | undefined = await backend.knex('pages').where({ path: pagePath, localeCode: locale }).first();
  const href = `/${[locale, ...rest].map(encodeURIComponent).join('/')}`;
  const html = page
    ? `<p data-editor-standin>Stand-in voor de editor van Wiki.js: hier bewerkt u <strong>${escapeHtml(page.title)}</strong> (${escapeHtml(`${locale}/${pagePath}`)}).</p><p><a href="${escapeHtml(href)}">Naar de pagina</a></p>`
    : '<p>Deze pagina bestaat niet.</p>';
  send(res, page ? 200 : 404, 'text/html; charset=utf-8', pageShell({ locale, path: pagePath, title: 'Editor (stand-in)', html, role: roleOf(req), dark: cookies(req).afw_theme === 'dark', nav: NAV }));
}

function serveFile(res: http.ServerResponse, file: string): void {
  fs.readFile(file, (err, data) => {
    if (err) send(res, 404, 'text/plain', 'not found');
    else send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', data);
  });
}

function route(backend: Backend, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> | void {
  const url = new URL(req.url ?? '/', 'http://dev.local');
  if (url.pathname === '/graphql' && req.method === 'POST') return handleGraphql(backend, req, res);
  if (url.pathname === '/') return redirect(res, HOME);
  if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
  const role = /^\/_dev\/as\/(guest|author)$/.exec(url.pathname);
  if (role) return redirect(res, backTo(url), `afw_role=${role[1]}`);
  const theme = /^\/_dev\/theme\/(light|dark)$/.exec(url.pathname);
  if (theme) return redirect(res, backTo(url), `afw_theme=${theme[1]}`);
  if (STATIC[url.pathname]) return serveFile(res, path.join(ROOT, STATIC[url.pathname]));
  const asset = /^\/_assets\/afsprakenwiki\/([\w.-]+)$/.exec(url.pathname);
  if (asset) return serveFile(res, path.join(ROOT, 'dist/client', asset[1]));
  if (req.method === 'GET' && url.pathname.startsWith('/e/')) return handleEditor(backend, req, res, url);
  if (req.method === 'GET') return handlePage(backend, req, res, url);
  send(res, 405, 'text/plain', 'method not allowed');
}

export interface DevServer {
  url: string;
  backend: Backend;
  close(): Promise<void>;
}

/** Starts the dev app; port 0 picks a free one (tests). */
export async function startDevServer(port: number, options: BackendOptions = {}): Promise<DevServer> {
  const backend = await createBackend(options);
  const server = http.createServer((req, res) => {
    Promise.resolve(route(backend, req, res)).catch((err: unknown) => {
      console.error('[dev]', err);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    backend,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

if (require.main === module) {
  if (!fs.existsSync(path.join(ROOT, 'dist/client/afsprakenwiki.js'))) {
    console.error('dist/client/afsprakenwiki.js is missing: run `npm run build` first.');
    process.exit(1);
  }
  startDevServer(Number(process.env.PORT) || 3000).then(
    (dev) => console.log(`Afsprakenwiki dev app: ${dev.url}/ (guest/author and light/dark switches in the top bar)`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
