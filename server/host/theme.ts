/**
 * The client bundle's tags in Wiki.js's theme body injection (Admin → Theme → Code injection).
 * Boot puts them into `WIKI.config.theming.injectBody` in memory on every start; Admin → Theme
 * writes whatever is in memory back to the `settings` table when an administrator saves, so the
 * uninstaller removes them from the database as well. Every tag we write carries the marker
 * attribute, and nothing else is ever touched.
 */

/** Marks our tags; it is how they are found again. */
export const CLIENT_MARKER = 'data-afsprakenwiki';

/** Public URL of the client assets (Wiki.js serves `assets/` at `/_assets/`). */
export const CLIENT_ASSET_PATH = '/_assets/afsprakenwiki';

const OUR_TAGS = new RegExp(`[ \\t]*<(script|link)\\b[^>]*\\s${CLIENT_MARKER}(?:=["'][^"']*["'])?[^>]*>(?:</script>)?[ \\t]*\\r?\\n?`, 'gi');

/** The tags that load the client: its scripts and style sheets, versioned against stale caches. */
export function clientTags(files: readonly string[], version: string): string {
  const v = encodeURIComponent(version);
  const css = files.filter((f) => f.endsWith('.css')).map((f) => `<link rel="stylesheet" href="${CLIENT_ASSET_PATH}/${f}?v=${v}" ${CLIENT_MARKER}>`);
  const js = files.filter((f) => f.endsWith('.js')).map((f) => `<script src="${CLIENT_ASSET_PATH}/${f}?v=${v}" defer ${CLIENT_MARKER}></script>`);
  return [...css, ...js].join('\n');
}

export function withoutClientTags(injectBody: string): string {
  return injectBody.replace(OUR_TAGS, '');
}

/** The injection with exactly our current tags at its end (idempotent). */
export function withClientTags(injectBody: string, tags: string): string {
  const rest = withoutClientTags(injectBody).replace(/\s+$/, '');
  return rest.length > 0 ? `${rest}\n${tags}` : tags;
}
