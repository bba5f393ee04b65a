/** Tag interpretation (contract §2): `prefix:value` tags in Dutch or English. */
import type { TagValues } from './types';
import { normaliseValue, normaliseWikiTag, unique } from './normalize';

/** Tag prefixes per field, Dutch first. */
export const TAG_PREFIXES: Record<keyof TagValues, readonly string[]> = {
  systems: ['stelsel', 'system'],
  columns: ['kolom', 'column'],
  chapters: ['hoofdstuk', 'chapter'],
  layers: ['laag', 'layer'],
  themes: ['thema', 'theme'],
  statuses: ['status'],
  parties: ['partij', 'party'],
};

const FIELD_BY_PREFIX = new Map<string, keyof TagValues>(
  (Object.entries(TAG_PREFIXES) as Array<[keyof TagValues, readonly string[]]>).flatMap(([field, prefixes]) =>
    prefixes.map((p) => [p, field] as [string, keyof TagValues]),
  ),
);

export interface ParsedTag {
  field: keyof TagValues;
  prefix: string;
  value: string;
}

/** One tag: `kolom: Gezond werk` → `{ field: 'columns', value: 'gezond-werk' }`; other tags → undefined. */
export function parseTag(tag: string): ParsedTag | undefined {
  const text = normaliseWikiTag(tag);
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = normaliseValue(text.slice(0, colon));
  const field = FIELD_BY_PREFIX.get(prefix);
  if (!field) return undefined;
  const value = normaliseValue(text.slice(colon + 1));
  if (!value) return undefined;
  return { field, prefix, value };
}

export function emptyTagValues(): TagValues {
  return { systems: [], chapters: [], columns: [], layers: [], themes: [], statuses: [], parties: [] };
}

/** All of a page's agreement tags, per field, normalised but not yet matched against a framework. */
export function readTags(tags: readonly string[]): TagValues {
  const values = emptyTagValues();
  for (const tag of tags) {
    const parsed = parseTag(tag);
    if (parsed) values[parsed.field].push(parsed.value);
  }
  for (const field of Object.keys(values) as Array<keyof TagValues>) values[field] = unique(values[field]);
  return values;
}

/** The tag that states a field's value, as an author would write it (`kolom:leren`). */
export function tagFor(field: keyof TagValues, value: string): string {
  return `${TAG_PREFIXES[field][0]}:${value}`;
}
