/**
 * Writing agreements without handwork (contract §7.1, §7.2): the tags and the body of a new
 * agreement or system page, and the placement panel's tag replacement. Pure: the service checks
 * the reader's rights and hands the result to the host's own page API.
 */
import { normaliseValue, normaliseWikiTag } from './normalize';
import { TAG_PREFIXES, tagFor } from './tags';
import type { TagValues } from './types';

/** Every prefix of contract §2, Dutch and English (`stelsel`, `system`, `kolom`…). */
const PLACEMENT_PREFIXES: ReadonlySet<string> = new Set(Object.values(TAG_PREFIXES).flat());

/** True for a tag whose prefix is one of the contract's, whatever its value (even none). */
export function hasPlacementPrefix(tag: string): boolean {
  const text = normaliseWikiTag(tag);
  const colon = text.indexOf(':');
  return colon > 0 && PLACEMENT_PREFIXES.has(normaliseValue(text.slice(0, colon)));
}

/** A placement as tags state it: per field, keys (a status is one key or none). */
export type PlacementValues = TagValues;

/** The tags of a placement, in Dutch form and the contract's field order. */
export function placementTags(values: PlacementValues): string[] {
  const fields: Array<keyof TagValues> = ['systems', 'columns', 'chapters', 'layers', 'statuses', 'themes', 'parties'];
  return [...new Set(fields.flatMap((field) => values[field].map((value) => tagFor(field, value))))];
}

/**
 * Contract §7.2: the page's tags without those of a contract prefix, in their order, followed by
 * the chosen placement's tags. Every other tag stays exactly as it was.
 */
export function replacePlacementTags(existing: readonly string[], values: PlacementValues): string[] {
  const kept = existing.filter((tag) => !hasPlacementPrefix(tag));
  const added = placementTags(values).filter((tag) => !kept.includes(tag));
  return [...kept, ...added];
}

/** A title as one line: white space (line breaks, tabs) collapsed, control characters dropped. */
export function cleanTitle(raw: string): string {
  return [...raw]
    .filter((char) => char.charCodeAt(0) >= 0x20 || /\s/.test(char))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Text that markdown shows as written: HTML and markdown syntax characters escaped, so a title
 * such as `<script>…` or `*x*` stays plain text in the page's heading.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>&#~|!]/g, (char) => `\\${char}`);
}

/** A YAML scalar that reads back as exactly this text (JSON strings are YAML). */
function yamlText(text: string): string {
  return JSON.stringify(text);
}

/**
 * Contract §7.1's body of a new agreement: `# <title>`, then an `afspraak` block with empty
 * `eigenaar:` and `herzien-voor:` (plus `gebaseerd-op:` when started from another page, §8.3).
 */
export function newAgreementContent(title: string, basedOn?: string): string {
  const fields = ['eigenaar:', 'herzien-voor:'];
  if (basedOn) fields.push(`gebaseerd-op: ${yamlText(basedOn)}`);
  return [`# ${markdownText(title)}`, '', '```afspraak', ...fields, '```', ''].join('\n');
}

/** A new system page (contract §7.1, last paragraph): `# <title>` and its `afsprakenstelsel` block. */
export function newSystemContent(system: { key: string; title: string; region?: string }): string {
  const fields = [`key: ${system.key}`, `titel: ${yamlText(system.title)}`];
  if (system.region) fields.push(`regio: ${yamlText(system.region)}`);
  return [`# ${markdownText(system.title)}`, '', '```afsprakenstelsel', ...fields, '```', ''].join('\n');
}
