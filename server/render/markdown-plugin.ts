/**
 * markdown-it plugin: the contract's fenced blocks (§3) as sanitiser-safe markup. It shows only
 * what the page itself says (metadata cards, error boxes) and leaves placeholders where the
 * client mounts the live, per-reader matrix and comparison: the render is cached and shared by
 * every reader, so nothing here may depend on other pages or on who reads.
 *
 * Safety: only div/span/p/dl/ul/table/a with class, lang, data-*, aria-* and a few plain
 * attributes (all kept by Wiki.js's html-security); every value escaped; each root carries
 * `v-pre`, because Wiki.js's root Vue instance compiles page HTML as a template and would
 * otherwise evaluate `{{ … }}` written in a metadata field.
 *
 * Language: renderer children get no page. The page language is, in order: `env.locale` (or
 * `env.lang`) when the caller passes a markdown-it env (the dev app does; Wiki.js does not), the
 * `language` option when an administrator fixed it, the language of the blocks' own field names
 * and fence words on the page (`titel`, `kolom`… vs `title`, `column`…), and Dutch otherwise.
 */
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token';
import {
  BLOCK_NAMES,
  DEFAULT_FRAMEWORK,
  blockKindOf,
  formatIssue,
  isLang,
  isValidKey,
  langOf,
  parseAgreementBlock,
  parseEmbedBlock,
  parseFrameworkBlock,
  parseSystemBlock,
  partLabel,
  resolveStatus,
  statusDefinition,
  translate,
  type AgreementDeclaration,
  type BlockKind,
  type EmbedDeclaration,
  type Framework,
  type Issue,
  type Lang,
  type RawBlock,
  type SystemDeclaration,
} from '../domain';
import { el, fragment, type Child, type Html } from './html';

export interface MarkdownAfsprakenwikiOptions {
  /** `nl` or `en` fixes the language of every card; anything else means automatic. */
  language?: string;
  /** Show the system's matrix under its metadata card on a system page (default true). */
  systemPageMatrix?: boolean;
}

/** Where the page language is kept for the fence rule during one render. */
const ENV_LANG = 'afsprakenwikiLang';

type RenderEnv = Record<string, unknown>;

/** Field names that only one language uses, for guessing a page's language from its blocks. */
const ENGLISH_NAMES = new Set([
  'title', 'framework', 'region', 'version', 'date', 'owner', 'problem', 'goals', 'parties', 'themes', 'results',
  'compare-with', 'system', 'systems', 'column', 'columns', 'chapter', 'chapters', 'layer', 'layers', 'theme', 'party',
  'agreed', 'review-by', 'sources', 'name', 'statuses', 'include-retired',
  ...Object.values(BLOCK_NAMES).map((names) => names[1]),
]);
const DUTCH_NAMES = new Set([
  'titel', 'kader', 'regio', 'versie', 'datum', 'eigenaar', 'probleem', 'doelen', 'partijen', 'themas', "thema's",
  'resultaten', 'vergelijk-met', 'stelsel', 'stelsels', 'kolom', 'kolommen', 'hoofdstuk', 'hoofdstukken', 'laag', 'lagen',
  'thema', 'partij', 'vastgesteld', 'herzien-voor', 'bronnen', 'naam', 'sleutel', 'statussen', 'met-vervallen',
  ...Object.values(BLOCK_NAMES).map((names) => names[0]),
]);

/**
 * A YAML key at the start of one line (`titel:`, `- naam:`, `"owner":`). Matched line by line and
 * anchored: with the `m` flag on the whole body, `^\s*` crossed line breaks and backtracked over
 * every run of blank lines (quadratic: a 64 KB block of 64,000 blank lines took seconds).
 */
const FIELD_NAME_AT_LINE_START = /^[ \t]*(?:-[ \t]+)?["']?([a-z'-]+)["']?[ \t]*:/i;

/** Dutch unless the page's blocks use more English names than Dutch ones. */
export function languageOfBlocks(blocks: ReadonlyArray<{ name: string; body: string }>): Lang {
  let dutch = 0;
  let english = 0;
  for (const block of blocks) {
    const names = [block.name.toLowerCase()];
    for (const line of block.body.split('\n')) {
      const found = FIELD_NAME_AT_LINE_START.exec(line);
      if (found) names.push(found[1].toLowerCase());
    }
    for (const name of names) {
      if (DUTCH_NAMES.has(name)) dutch++;
      else if (ENGLISH_NAMES.has(name)) english++;
    }
  }
  return english > dutch ? 'en' : 'nl';
}

function envLang(env: RenderEnv): Lang | undefined {
  const value = env.locale ?? env.lang;
  return typeof value === 'string' && value.length > 0 ? langOf(value) : undefined;
}

function rawBlock(token: Token, kind: BlockKind): RawBlock {
  const name = token.info.trim().split(/\s+/)[0] ?? '';
  return { kind, name, body: token.content.replace(/\n$/, ''), line: (token.map?.[0] ?? 0) + 1, closed: true };
}

export function markdownAfsprakenwiki(md: MarkdownIt, options: MarkdownAfsprakenwikiOptions = {}): void {
  const fixed = isLang(options.language) ? options.language : undefined;
  const systemPageMatrix = options.systemPageMatrix !== false;

  // One language per page, decided once all blocks are known.
  md.core.ruler.push('afsprakenwiki_language', (state) => {
    const env = state.env as RenderEnv;
    const ours = state.tokens.filter((t) => t.type === 'fence' && blockKindOf(t.info));
    env[ENV_LANG] = envLang(env) ?? fixed ?? languageOfBlocks(ours.map((t) => ({ name: t.info.trim().split(/\s+/)[0] ?? '', body: t.content })));
    return true;
  });

  const fallback = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, opts, env: RenderEnv, self) => {
    const token = tokens[idx];
    const kind = blockKindOf(token.info);
    if (!kind) return fallback ? fallback(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts);
    const lang: Lang = isLang(env[ENV_LANG]) ? (env[ENV_LANG] as Lang) : 'nl';
    return renderBlock(rawBlock(token, kind), lang, systemPageMatrix).markup + '\n';
  };
}

/** One block as markup (exported for tests and the dev app's preview). */
export function renderBlock(block: RawBlock, lang: Lang, systemPageMatrix = true): Html {
  switch (block.kind) {
    case 'system': {
      const { declaration, issues } = parseSystemBlock(block);
      return root('afsprakenwiki-system', lang, { 'data-system': declaration?.key }, [
        declaration && systemCard(declaration, lang),
        errorBox(block, issues, lang),
        declaration && systemPageMatrix && matrixPlaceholder({ kind: 'matrix', system: declaration.key, filter: {}, line: block.line }, lang),
      ]);
    }
    case 'agreement': {
      const { declaration, issues } = parseAgreementBlock(block);
      return root('afsprakenwiki-agreement', lang, { 'data-systems': keysAttr(declaration?.systems) }, [
        declaration && agreementCard(declaration, lang),
        errorBox(block, issues, lang),
      ]);
    }
    case 'framework': {
      const { framework, issues } = parseFrameworkBlock(block);
      return root('afsprakenwiki-framework', lang, { 'data-framework': framework?.key }, [
        framework && frameworkCard(framework, lang),
        errorBox(block, issues, lang),
      ]);
    }
    default: {
      const { embed, issues } = parseEmbedBlock(block);
      return root('afsprakenwiki-embed', lang, {}, [embed && matrixPlaceholder(embed, lang), errorBox(block, issues, lang)]);
    }
  }
}

function root(className: string, lang: Lang, data: Record<string, string | undefined>, children: Child[]): Html {
  return el('div', { class: className, lang, 'v-pre': true, ...data }, ...children);
}

/** Keys go into data-* attributes for the client only when valid; anything else stays visible text. */
function keyAttr(value: string | undefined): string | undefined {
  return value !== undefined && isValidKey(value) ? value : undefined;
}

function keysAttr(values: readonly string[] | undefined): string | undefined {
  const keys = (values ?? []).filter(isValidKey);
  return keys.length > 0 ? keys.join(',') : undefined;
}

function field(label: string, value: Child | undefined): Html | undefined {
  if (value === undefined || value === '') return undefined;
  return el('div', { class: 'afsprakenwiki-field' }, el('dt', {}, label), el('dd', {}, value));
}

function list(items: readonly Child[], className = 'afsprakenwiki-list'): Html | undefined {
  return items.length === 0 ? undefined : el('ul', { class: className }, ...items.map((item) => el('li', {}, item)));
}

function card(kindLabel: string, title: string | undefined, fields: Array<Html | undefined>): Html {
  return el(
    'div',
    { class: 'afsprakenwiki-card' },
    el('p', { class: 'afsprakenwiki-card-kind' }, kindLabel),
    title !== undefined && el('p', { class: 'afsprakenwiki-card-title' }, title),
    el('dl', { class: 'afsprakenwiki-fields' }, ...fields),
  );
}

function systemCard(d: SystemDeclaration, lang: Lang): Html {
  const t = (key: string) => translate(lang, `render.${key}`);
  const resultKeys = [...new Set(d.results.flatMap((row) => Object.keys(row)))];
  const results =
    d.results.length === 0
      ? undefined
      : el(
          'table',
          { class: 'afsprakenwiki-results' },
          el('thead', {}, el('tr', {}, ...resultKeys.map((k) => el('th', {}, k)))),
          el('tbody', {}, ...d.results.map((row) => el('tr', {}, ...resultKeys.map((k) => el('td', {}, row[k] ?? ''))))),
        );
  return card(t('systemCard'), d.title ?? d.key, [
    field(translate(lang, 'term.system'), d.key),
    field(translate(lang, 'term.framework'), d.framework),
    field(t('region'), d.region),
    field(t('version'), d.version),
    field(t('date'), d.date),
    field(t('owner'), d.owner),
    field(t('problem'), d.problem),
    field(t('goals'), list(d.goals)),
    field(t('parties'), list(d.parties.map((p) => el('span', { 'data-party': p.key }, p.name ?? p.key)))),
    field(t('themes'), list(d.themes.map((th) => el('span', { 'data-theme': th.key }, th.title ?? th.key, th.contact ? ` (${th.contact})` : undefined)))),
    field(t('results'), results),
    field(t('compareWith'), d.compareWith),
  ]);
}

/**
 * The card of an `afspraak` block; none when it has no field to show, as with a block that only
 * links to other pages (those links are listed below it in the browser) or the empty `eigenaar:`
 * and `herzien-voor:` of a page the new-agreement dialog made.
 */
function agreementCard(d: AgreementDeclaration, lang: Lang): Html | undefined {
  const t = (key: string) => translate(lang, `render.${key}`);
  const labelled = (kind: 'chapter' | 'column' | 'layer', keys: string[]) =>
    list(keys.map((k) => el('span', { [`data-${kind}`]: keyAttr(k) }, partLabel(DEFAULT_FRAMEWORK, kind, k, lang))));
  const status = d.status === undefined ? undefined : resolveStatus(d.status);
  const fields = [
    field(t('systems'), list(d.systems.map((s) => el('span', { 'data-system': keyAttr(s) }, s)))),
    field(translate(lang, 'term.chapter'), labelled('chapter', d.chapters)),
    field(translate(lang, 'term.column'), labelled('column', d.columns)),
    field(translate(lang, 'term.layer'), labelled('layer', d.layers)),
    field(translate(lang, 'term.theme'), list(d.themes)),
    field(translate(lang, 'term.status'), d.status === undefined ? undefined : el('span', { 'data-status': status ?? 'onbekend' }, status ? statusDefinition(status).labels[lang] : d.status)),
    field(t('parties'), list(d.parties)),
    field(t('owner'), d.owner),
    field(t('agreed'), d.agreed),
    field(t('reviewBy'), d.reviewBy),
    field(t('sources'), list(d.sources.map(sourceLink))),
    field(t('contact'), d.contact),
  ];
  return fields.some((f) => f !== undefined) ? card(t('agreementCard'), undefined, fields) : undefined;
}

/** Web addresses become links; anything else stays text. */
function sourceLink(source: string): Child {
  return /^https?:\/\/[^\s]+$/i.test(source) ? el('a', { href: source, rel: 'noopener noreferrer', target: '_blank' }, source) : source;
}

function frameworkCard(framework: Framework, lang: Lang): Html {
  return card(translate(lang, 'term.framework'), framework.labels[lang], [
    field(translate(lang, 'term.framework'), framework.key),
    ...framework.chapters.map((chapter) =>
      field(`${translate(lang, 'term.chapter')}: ${chapter.labels[lang]}`, list(chapter.columns.map((c) => el('span', { 'data-column': c.key }, c.labels[lang])))),
    ),
    field(translate(lang, 'term.layer'), list(framework.layers.map((l) => el('span', { 'data-layer': l.key }, l.labels[lang])))),
  ]);
}

/** The client's mount point. Lists are comma-separated normalised keys. */
function matrixPlaceholder(embed: EmbedDeclaration, lang: Lang): Html {
  const f = embed.filter;
  const filters = {
    'data-filter-chapter': keyAttr(embed.chapter),
    'data-filter-themes': keysAttr(f.themes),
    'data-filter-statuses': keysAttr(f.statuses),
    'data-filter-parties': keysAttr(f.parties),
    'data-include-retired': f.includeRetired ? 'true' : undefined,
  };
  if (embed.kind === 'maintenance') {
    // Without `stelsel`, the upkeep of every system the reader sees.
    return el(
      'div',
      { class: 'afsprakenwiki-maintenance', 'data-system': embed.system, 'aria-live': 'polite' },
      el('p', { class: 'afsprakenwiki-loading' }, translate(lang, 'maintenance.loading')),
      el('p', { class: 'afsprakenwiki-noscript' }, translate(lang, 'render.noScript')),
    );
  }
  if (embed.kind === 'handover') {
    return el(
      'div',
      { class: 'afsprakenwiki-handover', 'data-reference': embed.reference, 'data-receiver': embed.receiver, ...filters, 'aria-live': 'polite' },
      el('p', { class: 'afsprakenwiki-loading' }, translate(lang, 'render.loadingHandover', { reference: embed.reference, receiver: embed.receiver })),
      el('p', { class: 'afsprakenwiki-noscript' }, translate(lang, 'render.noScript')),
    );
  }
  if (embed.kind === 'overview' || embed.kind === 'search') return learningPlaceholder(embed, lang);
  if (embed.kind === 'parties') {
    // Without `stelsel`, the parties across every system of the framework.
    return el(
      'div',
      { class: 'afsprakenwiki-parties', 'data-system': embed.system, 'data-framework': embed.framework, 'data-filter-themes': filters['data-filter-themes'], 'data-filter-statuses': filters['data-filter-statuses'], 'aria-live': 'polite' },
      el('p', { class: 'afsprakenwiki-loading' }, translate(lang, 'parties.loading')),
      el('p', { class: 'afsprakenwiki-noscript' }, translate(lang, 'render.noScript')),
    );
  }
  if (embed.kind === 'matrix') {
    return el(
      'div',
      { class: 'afsprakenwiki-matrix', 'data-system': embed.system, ...filters, 'aria-live': 'polite' },
      el('p', { class: 'afsprakenwiki-loading' }, translate(lang, 'render.loadingMatrix', { system: embed.system })),
      el('p', { class: 'afsprakenwiki-noscript' }, translate(lang, 'render.noScript')),
    );
  }
  return el(
    'div',
    { class: 'afsprakenwiki-comparison', 'data-a': embed.a, 'data-b': embed.b, ...filters, 'aria-live': 'polite' },
    el('p', { class: 'afsprakenwiki-loading' }, translate(lang, 'render.loadingComparison')),
    el('p', { class: 'afsprakenwiki-noscript' }, translate(lang, 'render.noScript')),
  );
}

/** Mount points of the overview (with its framework and filter) and the search. */
function learningPlaceholder(embed: EmbedDeclaration, lang: Lang): Html {
  const f = embed.filter;
  const data =
    embed.kind === 'overview'
      ? { 'data-framework': keyAttr(embed.framework), 'data-filter-themes': keysAttr(f.themes), 'data-filter-statuses': keysAttr(f.statuses), 'data-filter-parties': keysAttr(f.parties) }
      : {};
  return el(
    'div',
    { class: `afsprakenwiki-${embed.kind}`, ...data, 'aria-live': 'polite' },
    el('p', { class: 'afsprakenwiki-loading' }, translate(lang, embed.kind === 'overview' ? 'learning.loadingOverview' : 'learning.loadingSearch')),
    el('p', { class: 'afsprakenwiki-noscript' }, translate(lang, 'render.noScript')),
  );
}

/** Field names as written (`partijen[2].key`); an author's odd key stays in the message only. */
function fieldAttr(field: string | undefined): string | undefined {
  return field !== undefined && /^[\w.'[\]-]+$/.test(field) ? field : undefined;
}

/** The readable error box: line, field and what is expected, in the page's language. */
function errorBox(block: RawBlock, issues: readonly Issue[], lang: Lang): Html | undefined {
  if (issues.length === 0) return undefined;
  const items = issues.map((issue) =>
    el(
      'li',
      { 'data-line': issue.line, 'data-field': fieldAttr(issue.field), 'data-code': issue.code, 'data-severity': issue.severity },
      issue.line !== undefined && el('span', { class: 'afsprakenwiki-error-line' }, translate(lang, 'render.line', { line: issue.line })),
      issue.line !== undefined && ': ',
      formatIssue(issue, lang),
    ),
  );
  const severity = issues.some((i) => i.severity === 'error') ? 'error' : 'warning';
  return el(
    'div',
    { class: `afsprakenwiki-error afsprakenwiki-error-${severity}`, role: severity === 'error' ? 'alert' : 'status', 'data-block': block.name },
    el('p', { class: 'afsprakenwiki-error-title' }, translate(lang, 'render.errorTitle', { block: block.name })),
    fragment(el('ul', {}, ...items)),
  );
}
