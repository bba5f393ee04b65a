/** The extension's own interface strings (locales/<lang>/ui.json) and framework labels. */
import nl from '../locales/nl/ui.json';
import en from '../locales/en/ui.json';
import type { Labels, Lang } from './types';

type Bundle = typeof nl;
const BUNDLES: Record<Lang, Bundle> = { nl, en };

export type Params = Record<string, string | number>;

function lookup(bundle: Bundle, key: string): string | undefined {
  let node: unknown = bundle;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Translates `section.key`, filling `{{name}}` placeholders; a missing key shows as itself. */
export function translate(lang: Lang, key: string, params: Params = {}): string {
  const text = lookup(BUNDLES[lang], key) ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The label of a framework part in the reader's language, falling back to the other one. */
export function label(labels: Labels | undefined, lang: Lang, fallback: string): string {
  return labels?.[lang] || labels?.[lang === 'nl' ? 'en' : 'nl'] || fallback;
}

export function isLang(value: string): value is Lang {
  return value === 'nl' || value === 'en';
}

/** Dutch for every `nl*` locale, English otherwise (the extension speaks these two). */
export function langOfLocale(locale: string | undefined): Lang {
  return (locale ?? '').toLowerCase().startsWith('nl') ? 'nl' : 'en';
}
