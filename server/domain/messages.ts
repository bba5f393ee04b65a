/** Dutch and English strings of the server side (issues, terms, CLI, rendering), from locales/. */
import type { Issue, Lang } from './types';
import nl from '../../locales/nl/core.json';
import en from '../../locales/en/core.json';

export type CoreBundle = typeof nl;
export const CORE_BUNDLES: Record<Lang, CoreBundle> = { nl, en };

export function isLang(value: unknown): value is Lang {
  return value === 'nl' || value === 'en';
}

/** A Wiki.js locale code (`nl`, `en`, `nl-be`…) → the product language; English for all others. */
export function langOf(locale: string | undefined): Lang {
  return (locale ?? '').toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

/** Looks up `section.key` and fills `{{name}}` placeholders; an unknown key yields the key itself. */
export function translate(lang: Lang, key: string, params: Record<string, string | number | undefined> = {}): string {
  let node: unknown = CORE_BUNDLES[lang];
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  const template = typeof node === 'string' ? node : key;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Issues whose message names their system already (as its value). */
const NAMES_ITS_SYSTEM: ReadonlySet<Issue['code']> = new Set(['system-not-declared', 'duplicate-system', 'unknown-system']);

/**
 * A readable message for an issue, in the reader's language. An issue about a page's place in
 * one system says which, since the same page can be unplaced in one system and fine in another.
 */
export function formatIssue(issue: Issue, lang: Lang): string {
  const message = issueText(issue, lang);
  return issue.system && !NAMES_ITS_SYSTEM.has(issue.code) ? translate(lang, 'issueInSystem', { message, system: issue.system }) : message;
}

function issueText(issue: Issue, lang: Lang): string {
  const expected = CORE_BUNDLES[lang].expected;
  const expectedKey = issue.detail && Object.prototype.hasOwnProperty.call(expected, issue.detail) ? issue.detail : 'other';
  return translate(lang, `issue.${issue.code}`, {
    field: issue.field,
    value: issue.value,
    validValues: issue.validValues?.join(', ') || translate(lang, 'term.none'),
    detail: issue.detail,
    line: issue.line,
    valueText: issue.value === undefined ? '' : ` ('${issue.value}')`,
    expected: translate(lang, `expected.${expectedKey}`),
  });
}
