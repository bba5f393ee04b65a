/**
 * The contract's fenced YAML blocks (§3): finding them in markdown and reading their fields, in
 * Dutch or English, into declarations. Never throws: every problem becomes an Issue with a line
 * and a field, and the rest of the page is unaffected.
 */
import { load as loadYaml, CORE_SCHEMA, YAMLException } from 'js-yaml';
import type {
  AgreementDeclaration,
  AgreementLineField,
  AgreementFilter,
  EmbedDeclaration,
  Framework,
  FrameworkChapter,
  FrameworkLayer,
  Issue,
  Labels,
  PageLink,
  PageLinkField,
  PartyRef,
  SystemDeclaration,
  ThemeDeclaration,
} from './types';
import { isValidKey, normaliseValue, unique } from './normalize';
import { PAGE_LINK_FIELDS, parsePageLink, uniqueLinks } from './links';

export type BlockKind = 'system' | 'agreement' | 'framework' | 'matrix' | 'comparison' | 'maintenance' | 'handover' | 'overview' | 'search' | 'parties';

/** Fence info words per block kind: the Dutch name first, then the English alias. */
export const BLOCK_NAMES: Record<BlockKind, readonly string[]> = {
  system: ['afsprakenstelsel', 'agreement-system'],
  agreement: ['afspraak', 'agreement'],
  framework: ['afsprakenkader', 'agreement-framework'],
  matrix: ['afsprakenmatrix', 'agreement-matrix'],
  comparison: ['afsprakenvergelijking', 'agreement-comparison'],
  maintenance: ['afsprakenonderhoud', 'agreement-maintenance'],
  handover: ['afsprakenoverdracht', 'agreement-handover'],
  overview: ['afsprakenoverzicht', 'agreement-overview'],
  search: ['afsprakenzoeker', 'agreement-search'],
  parties: ['afsprakenpartijen', 'agreement-parties'],
};

const KIND_BY_NAME = new Map<string, BlockKind>(
  (Object.entries(BLOCK_NAMES) as Array<[BlockKind, readonly string[]]>).flatMap(([kind, names]) =>
    names.map((name) => [name, kind] as [string, BlockKind]),
  ),
);

export function blockKindOf(info: string): BlockKind | undefined {
  const word = info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return KIND_BY_NAME.get(word);
}

/** Larger blocks are reported, not parsed: no page should make the index slow or large. */
export const MAX_BLOCK_CHARS = 64 * 1024;
/** Lists longer than this are cut (with an issue), so a hostile page cannot blow up the index. */
export const MAX_LIST_ITEMS = 200;
/** Text values longer than this are cut. */
export const MAX_TEXT_CHARS = 4000;

export interface RawBlock {
  kind: BlockKind;
  /** The fence's info word as written. */
  name: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  closed: boolean;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Fenced blocks of our kinds, found the way markdown-it (CommonMark) finds fences: up to three
 * spaces of indent, ``` or ~~~ of three or more, closed by the same character at least as long;
 * an unclosed fence runs to the end. Fences of other languages are skipped whole, so an example
 * inside a ```markdown block is not read.
 */
export function findBlocks(markdown: string): RawBlock[] {
  const lines = markdown.split(/\r\n|\n|\r/);
  const blocks: RawBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open || (open[1][0] === '`' && open[2].includes('`'))) {
      i++;
      continue;
    }
    const fence = open[1];
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end])) end++;
    const name = open[2].trim().split(/\s+/)[0] ?? '';
    const kind = blockKindOf(name);
    if (kind) {
      blocks.push({ kind, name, body: lines.slice(i + 1, end).join('\n'), line: i + 1, closed: end < lines.length });
    }
    i = end + 1;
  }
  return blocks;
}

/** The parsed YAML of a block, or the issues that stopped it. */
interface YamlResult {
  value?: Record<string, unknown>;
  issues: Issue[];
}

function parseYaml(block: RawBlock): YamlResult {
  if (block.body.length > MAX_BLOCK_CHARS) {
    return {
      issues: [
        { code: 'block-too-large', severity: 'error', line: block.line, value: String(block.body.length), detail: String(MAX_BLOCK_CHARS) },
      ],
    };
  }
  let value: unknown;
  try {
    value = loadYaml(block.body, { schema: CORE_SCHEMA, json: true });
  } catch (err) {
    const mark = err instanceof YAMLException ? err.mark : undefined;
    const reason = err instanceof YAMLException ? err.reason : String(err);
    return {
      issues: [
        {
          code: 'yaml-syntax',
          severity: 'error',
          line: block.line + 1 + (mark?.line ?? 0),
          detail: reason,
        },
      ],
    };
  }
  if (value === null || value === undefined) return { value: {}, issues: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { issues: [{ code: 'block-not-mapping', severity: 'error', line: block.line + 1 }] };
  }
  return { value: value as Record<string, unknown>, issues: [] };
}

/**
 * Reads fields from a parsed block, mapping Dutch and English names to one canonical name, and
 * records each problem with the line of its key.
 */
class FieldReader {
  readonly issues: Issue[] = [];
  private readonly used = new Set<string>();

  constructor(
    private readonly block: RawBlock,
    private readonly value: Record<string, unknown>,
    private readonly aliases: Record<string, readonly string[]>,
  ) {}

  /** 1-based line of a top-level key in the page. */
  lineOf(key: string): number {
    const lines = this.block.body.split(/\r\n|\n|\r/);
    const pattern = new RegExp(`^\\s*["']?${escapeRegExp(key)}["']?\\s*:`);
    const index = lines.findIndex((l) => pattern.test(l));
    return this.block.line + 1 + Math.max(index, 0);
  }

  /** The raw value of a canonical field, whichever of its names was used. */
  raw(field: string): { value: unknown; key: string } | undefined {
    for (const name of this.aliases[field] ?? [field]) {
      if (Object.prototype.hasOwnProperty.call(this.value, name)) {
        this.used.add(name);
        return { value: this.value[name], key: name };
      }
    }
    return undefined;
  }

  text(field: string): string | undefined {
    const found = this.raw(field);
    if (!found || found.value === null) return undefined;
    const text = scalarText(found.value);
    if (text === undefined) {
      this.issue('invalid-field', found.key, { detail: 'text' });
      return undefined;
    }
    return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  }

  /** A single value or a list of scalars, as text. */
  list(field: string): string[] {
    const found = this.raw(field);
    if (!found || found.value === null) return [];
    const items = Array.isArray(found.value) ? found.value : [found.value];
    if (items.length > MAX_LIST_ITEMS) this.issue('invalid-field', found.key, { detail: `max ${MAX_LIST_ITEMS}` });
    const texts: string[] = [];
    items.slice(0, MAX_LIST_ITEMS).forEach((item, index) => {
      const text = scalarText(item);
      if (text === undefined || text === '') this.issue('invalid-field', `${found.key}[${index + 1}]`, { detail: 'text', lineKey: found.key });
      else texts.push(text.slice(0, MAX_TEXT_CHARS));
    });
    return texts;
  }

  /** A list of mappings (`partijen`, `themas`…); a plain value is taken as its `key`. */
  records(field: string): Array<{ index: number; get: (names: readonly string[]) => string | undefined; key: string }> {
    const found = this.raw(field);
    if (!found || found.value === null) return [];
    const items = Array.isArray(found.value) ? found.value : [found.value];
    const out: Array<{ index: number; get: (names: readonly string[]) => string | undefined; key: string }> = [];
    items.slice(0, MAX_LIST_ITEMS).forEach((item, index) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const record = item as Record<string, unknown>;
        out.push({
          index,
          key: found.key,
          get: (names) => {
            for (const name of names) {
              const text = record[name] === null || record[name] === undefined ? undefined : scalarText(record[name]);
              if (text !== undefined) return text.slice(0, MAX_TEXT_CHARS);
            }
            return undefined;
          },
        });
      } else {
        const text = scalarText(item);
        if (text === undefined || text === '') {
          this.issue('invalid-field', `${found.key}[${index + 1}]`, { detail: 'mapping', lineKey: found.key });
        } else {
          out.push({ index, key: found.key, get: (names) => (names.includes('key') ? text : undefined) });
        }
      }
    });
    return out;
  }

  issue(code: Issue['code'], field: string, extra: Partial<Issue> & { lineKey?: string } = {}): void {
    const { lineKey, ...rest } = extra;
    this.issues.push({
      code,
      severity: code === 'unknown-field' ? 'warning' : 'error',
      field,
      line: this.lineOf(lineKey ?? field),
      ...rest,
    });
  }

  /** Reports every key that no field read. */
  reportUnknownFields(): void {
    const known = Object.values(this.aliases).flat();
    for (const key of Object.keys(this.value)) {
      if (!this.used.has(key)) {
        this.issue('unknown-field', key, { validValues: unique(known) });
      }
    }
  }
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SYSTEM_FIELDS = {
  key: ['key', 'sleutel'],
  title: ['titel', 'title'],
  framework: ['kader', 'framework'],
  region: ['regio', 'region'],
  version: ['versie', 'version'],
  date: ['datum', 'date'],
  owner: ['eigenaar', 'owner'],
  problem: ['probleem', 'problem'],
  goals: ['doelen', 'goals'],
  parties: ['partijen', 'parties'],
  themes: ['themas', "thema's", 'themes'],
  results: ['resultaten', 'results'],
  compareWith: ['vergelijk-met', 'compare-with'],
} as const;

const AGREEMENT_FIELDS = {
  systems: ['stelsel', 'stelsels', 'system', 'systems'],
  columns: ['kolom', 'kolommen', 'column', 'columns'],
  chapters: ['hoofdstuk', 'hoofdstukken', 'chapter', 'chapters'],
  layers: ['laag', 'lagen', 'layer', 'layers'],
  themes: ['thema', 'themas', "thema's", 'theme', 'themes'],
  status: ['status'],
  parties: ['partijen', 'partij', 'parties', 'party'],
  owner: ['eigenaar', 'owner'],
  agreed: ['vastgesteld', 'agreed'],
  reviewBy: ['herzien-voor', 'review-by'],
  sources: ['bronnen', 'sources'],
  contact: ['contact'],
  basedOn: ['gebaseerd-op', 'based-on'],
  derivesFrom: ['volgt-uit', 'derives-from'],
  uses: ['gebruikt', 'uses'],
} as const;

const AGREEMENT_LINE_FIELDS: ReadonlyArray<AgreementLineField | PageLinkField> = [
  'systems',
  'columns',
  'chapters',
  'layers',
  'themes',
  'status',
  'parties',
  ...PAGE_LINK_FIELDS,
];

const FILTER_FIELDS = {
  chapter: ['hoofdstuk', 'chapter'],
  themes: ['thema', 'themas', 'theme', 'themes'],
  statuses: ['status', 'statussen', 'statuses'],
  parties: ['partij', 'partijen', 'party', 'parties'],
  includeRetired: ['met-vervallen', 'include-retired'],
} as const;

const MATRIX_FIELDS = { system: ['stelsel', 'system'], ...FILTER_FIELDS } as const;
const COMPARISON_FIELDS = { a: ['a'], b: ['b'], ...FILTER_FIELDS } as const;
const MAINTENANCE_FIELDS = { system: ['stelsel', 'system'] } as const;
const HANDOVER_FIELDS = { reference: ['referentie', 'reference'], receiver: ['ontvanger', 'receiver'], ...FILTER_FIELDS } as const;
const OVERVIEW_FIELDS = { framework: ['kader', 'framework'], themes: FILTER_FIELDS.themes, statuses: FILTER_FIELDS.statuses, parties: FILTER_FIELDS.parties } as const;
const PARTIES_FIELDS = { system: ['stelsel', 'system'], framework: ['kader', 'framework'], themes: FILTER_FIELDS.themes, statuses: FILTER_FIELDS.statuses } as const;

const FRAMEWORK_FIELDS = {
  key: ['key', 'sleutel'],
  title: ['titel', 'title', 'labels'],
  chapters: ['hoofdstukken', 'chapters'],
  layers: ['lagen', 'layers'],
} as const;

/** Reads a key-valued field and reports it when it is not a valid key after normalisation. */
function readKey(reader: FieldReader, field: string): string | undefined {
  const text = reader.text(field);
  if (text === undefined) return undefined;
  const key = normaliseValue(text);
  if (!isValidKey(key)) {
    reader.issue('invalid-field', reader.raw(field)?.key ?? field, { value: text, detail: 'key' });
    return undefined;
  }
  return key;
}

export function parseSystemBlock(block: RawBlock): { declaration?: SystemDeclaration; issues: Issue[] } {
  const yaml = parseYaml(block);
  if (!yaml.value) return { issues: yaml.issues };
  const reader = new FieldReader(block, yaml.value, SYSTEM_FIELDS);
  const key = readKey(reader, 'key');
  if (key === undefined && !reader.raw('key')) reader.issue('missing-field', 'key', { line: block.line });
  const parties: PartyRef[] = [];
  for (const record of reader.records('parties')) {
    const rawKey = record.get(['key', 'sleutel']);
    const partyKey = rawKey === undefined ? undefined : normaliseValue(rawKey);
    if (!partyKey || !isValidKey(partyKey)) {
      reader.issue('invalid-field', `${record.key}[${record.index + 1}].key`, { value: rawKey, lineKey: record.key });
      continue;
    }
    parties.push({ key: partyKey, name: record.get(['naam', 'name']) });
  }
  const themes: ThemeDeclaration[] = [];
  for (const record of reader.records('themes')) {
    const rawKey = record.get(['key', 'sleutel']);
    const themeKey = rawKey === undefined ? undefined : normaliseValue(rawKey);
    if (!themeKey || !isValidKey(themeKey)) {
      reader.issue('invalid-field', `${record.key}[${record.index + 1}].key`, { value: rawKey, lineKey: record.key });
      continue;
    }
    themes.push({ key: themeKey, title: record.get(['titel', 'title']), contact: record.get(['contact']) });
  }
  const results: Array<Record<string, string>> = [];
  const rawResults = reader.raw('results');
  // A single value or a list wherever several are allowed (contract §3): one mapping is one result.
  const resultItems =
    rawResults && rawResults.value && typeof rawResults.value === 'object'
      ? Array.isArray(rawResults.value)
        ? rawResults.value
        : [rawResults.value]
      : undefined;
  if (rawResults && resultItems) {
    resultItems.slice(0, MAX_LIST_ITEMS).forEach((item, index) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const row: Record<string, string> = {};
        for (const [name, value] of Object.entries(item as Record<string, unknown>)) {
          const text = scalarText(value);
          if (text !== undefined) row[name] = text.slice(0, MAX_TEXT_CHARS);
        }
        results.push(row);
      } else {
        reader.issue('invalid-field', `${rawResults.key}[${index + 1}]`, { detail: 'mapping', lineKey: rawResults.key });
      }
    });
  } else if (rawResults && rawResults.value !== null) {
    reader.issue('invalid-field', rawResults.key, { detail: 'list' });
  }
  const declaration: SystemDeclaration | undefined =
    key === undefined
      ? undefined
      : {
          key,
          title: reader.text('title'),
          framework: readKey(reader, 'framework'),
          region: reader.text('region'),
          version: reader.text('version'),
          date: reader.text('date'),
          owner: reader.text('owner'),
          problem: reader.text('problem'),
          goals: reader.list('goals'),
          parties,
          themes,
          results,
          compareWith: readKey(reader, 'compareWith'),
          line: block.line,
        };
  if (key === undefined) {
    for (const field of Object.keys(SYSTEM_FIELDS)) reader.raw(field);
  }
  reader.reportUnknownFields();
  return { declaration, issues: [...yaml.issues, ...reader.issues] };
}

export function parseAgreementBlock(block: RawBlock): { declaration?: AgreementDeclaration; issues: Issue[] } {
  const yaml = parseYaml(block);
  if (!yaml.value) return { issues: yaml.issues };
  const reader = new FieldReader(block, yaml.value, AGREEMENT_FIELDS);
  const normalised = (field: string) => unique(reader.list(field).map(normaliseValue));
  const statuses = reader.list('status');
  if (statuses.length > 1) reader.issue('invalid-field', 'status', { detail: 'text' });
  const lines: Partial<Record<AgreementLineField | PageLinkField, number>> = {};
  for (const field of AGREEMENT_LINE_FIELDS) {
    const found = reader.raw(field);
    if (found) lines[field] = reader.lineOf(found.key);
  }
  const declaration: AgreementDeclaration = {
    systems: normalised('systems'),
    columns: normalised('columns'),
    chapters: normalised('chapters'),
    layers: normalised('layers'),
    themes: normalised('themes'),
    status: statuses[0],
    parties: normalised('parties'),
    ...people(reader, 'owner', 'owners'),
    agreed: reader.text('agreed'),
    reviewBy: reader.text('reviewBy'),
    sources: reader.list('sources'),
    ...people(reader, 'contact', 'contacts'),
    basedOn: readLinks(reader, 'basedOn'),
    derivesFrom: readLinks(reader, 'derivesFrom'),
    uses: readLinks(reader, 'uses'),
    line: block.line,
    lines,
  };
  reader.reportUnknownFields();
  return { declaration, issues: [...yaml.issues, ...reader.issues] };
}

/**
 * `eigenaar` and `contact` of an `afspraak` block (contract §11): one value or a list. The text
 * as shown (a list's items joined by `, `) and each value, trimmed, empty ones skipped.
 */
function people<Text extends 'owner' | 'contact', Values extends 'owners' | 'contacts'>(
  reader: FieldReader,
  field: Text,
  values: Values,
): { [K in Text]?: string } & { [K in Values]: string[] } {
  const raw = reader.raw(field);
  if (raw && Array.isArray(raw.value)) {
    const items = reader.list(field);
    return { [field]: items.length > 0 ? items.join(', ') : undefined, [values]: items } as { [K in Text]?: string } & { [K in Values]: string[] };
  }
  const text = reader.text(field);
  return { [field]: text, [values]: text ? [text] : [] } as { [K in Text]?: string } & { [K in Values]: string[] };
}

/** A page-link field: every value a path, `/path` or `/<locale>/path`; anything else an issue. */
function readLinks(reader: FieldReader, field: PageLinkField): PageLink[] {
  const links: PageLink[] = [];
  const key = reader.raw(field)?.key ?? field;
  reader.list(field).forEach((text) => {
    const link = parsePageLink(text);
    if (link) links.push(link);
    else reader.issue('invalid-field', key, { value: text, detail: 'link' });
  });
  return uniqueLinks(links);
}

function readFilter(reader: FieldReader): { filter: AgreementFilter; chapter?: string } {
  const filter: AgreementFilter = {};
  const themes = reader.list('themes').map(normaliseValue);
  const statuses = reader.list('statuses').map(normaliseValue);
  const parties = reader.list('parties').map(normaliseValue);
  if (themes.length) filter.themes = themes;
  if (statuses.length) filter.statuses = statuses;
  if (parties.length) filter.parties = parties;
  const retired = reader.text('includeRetired');
  if (retired !== undefined) filter.includeRetired = ['true', 'ja', 'yes', '1'].includes(retired.toLowerCase());
  const chapter = reader.text('chapter');
  return { filter, chapter: chapter === undefined ? undefined : normaliseValue(chapter) };
}

export function parseEmbedBlock(block: RawBlock): { embed?: EmbedDeclaration; issues: Issue[] } {
  const yaml = parseYaml(block);
  if (!yaml.value) return { issues: yaml.issues };
  if (block.kind === 'matrix') {
    const reader = new FieldReader(block, yaml.value, MATRIX_FIELDS);
    const system = readKey(reader, 'system');
    if (system === undefined && !reader.raw('system')) reader.issue('missing-field', 'stelsel', { line: block.line });
    const { filter, chapter } = readFilter(reader);
    reader.reportUnknownFields();
    const embed: EmbedDeclaration | undefined =
      system === undefined ? undefined : { kind: 'matrix', system, filter, chapter, line: block.line };
    return { embed, issues: [...yaml.issues, ...reader.issues] };
  }
  if (block.kind === 'maintenance') {
    // Every field optional: without `stelsel`, the upkeep of every system the reader sees.
    const reader = new FieldReader(block, yaml.value, MAINTENANCE_FIELDS);
    const system = readKey(reader, 'system');
    reader.reportUnknownFields();
    // A system key that is not valid shows the error box, not the upkeep of every system instead.
    const written = reader.raw('system');
    const invalid = system === undefined && written !== undefined && written.value !== null;
    const embed: EmbedDeclaration | undefined = invalid ? undefined : { kind: 'maintenance', system, filter: {}, line: block.line };
    return { embed, issues: [...yaml.issues, ...reader.issues] };
  }
  if (block.kind === 'handover') {
    const reader = new FieldReader(block, yaml.value, HANDOVER_FIELDS);
    const [reference, receiver] = [readKey(reader, 'reference'), readKey(reader, 'receiver')];
    if (reference === undefined && !reader.raw('reference')) reader.issue('missing-field', block.name.startsWith('agreement') ? 'reference' : 'referentie', { line: block.line });
    if (receiver === undefined && !reader.raw('receiver')) reader.issue('missing-field', block.name.startsWith('agreement') ? 'receiver' : 'ontvanger', { line: block.line });
    const { filter } = readFilter(reader);
    reader.reportUnknownFields();
    const embed: EmbedDeclaration | undefined =
      reference === undefined || receiver === undefined ? undefined : { kind: 'handover', reference, receiver, filter, line: block.line };
    return { embed, issues: [...yaml.issues, ...reader.issues] };
  }
  if (block.kind === 'overview' || block.kind === 'search') return parseLearningEmbed(block, yaml.value, yaml.issues);
  if (block.kind === 'parties') return parsePartiesEmbed(block, yaml.value, yaml.issues);
  const reader = new FieldReader(block, yaml.value, COMPARISON_FIELDS);
  const a = readKey(reader, 'a');
  if (a === undefined && !reader.raw('a')) reader.issue('missing-field', 'a', { line: block.line });
  const b = readKey(reader, 'b');
  const { filter, chapter } = readFilter(reader);
  reader.reportUnknownFields();
  const embed: EmbedDeclaration | undefined =
    a === undefined ? undefined : { kind: 'comparison', a, b, filter, chapter, line: block.line };
  return { embed, issues: [...yaml.issues, ...reader.issues] };
}

/** `afsprakenoverzicht` (optional framework and filter) and `afsprakenzoeker` (no fields). */
function parseLearningEmbed(block: RawBlock, value: Record<string, unknown>, yamlIssues: Issue[]): { embed?: EmbedDeclaration; issues: Issue[] } {
  const reader = new FieldReader(block, value, block.kind === 'overview' ? OVERVIEW_FIELDS : {});
  const framework = block.kind === 'overview' ? readKey(reader, 'framework') : undefined;
  const { filter } = block.kind === 'overview' ? readFilter(reader) : { filter: {} };
  reader.reportUnknownFields();
  const embed: EmbedDeclaration = { kind: block.kind === 'overview' ? 'overview' : 'search', framework, filter, line: block.line };
  return { embed, issues: [...yamlIssues, ...reader.issues] };
}

/**
 * `afsprakenpartijen` (§11): every field optional; with `stelsel` one system's parties, without
 * it those of every system of `kader`. A key that is not valid shows the error box and mounts
 * nothing, rather than another view than the author asked for.
 */
function parsePartiesEmbed(block: RawBlock, value: Record<string, unknown>, yamlIssues: Issue[]): { embed?: EmbedDeclaration; issues: Issue[] } {
  const reader = new FieldReader(block, value, PARTIES_FIELDS);
  const [system, framework] = [readKey(reader, 'system'), readKey(reader, 'framework')];
  // Only themes and statuses: the view is about parties, so a party filter is not among its fields.
  const filter: AgreementFilter = {};
  const themes = reader.list('themes').map(normaliseValue);
  const statuses = reader.list('statuses').map(normaliseValue);
  if (themes.length) filter.themes = themes;
  if (statuses.length) filter.statuses = statuses;
  reader.reportUnknownFields();
  const invalid = (field: string, key: string | undefined) => key === undefined && reader.raw(field) !== undefined && reader.raw(field)?.value !== null;
  const embed: EmbedDeclaration | undefined =
    invalid('system', system) || invalid('framework', framework) ? undefined : { kind: 'parties', system, framework, filter, line: block.line };
  return { embed, issues: [...yamlIssues, ...reader.issues] };
}

/** Labels written as one text (both languages) or as a mapping `{nl, en}`. */
function readLabels(value: unknown, fallback: string): Labels | undefined {
  if (value === undefined || value === null) return { nl: fallback, en: fallback };
  const text = scalarText(value);
  if (text !== undefined) return { nl: text, en: text };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const nl = scalarText(record.nl);
    const en = scalarText(record.en);
    if (nl === undefined && en === undefined) return undefined;
    return { nl: nl ?? en ?? fallback, en: en ?? nl ?? fallback };
  }
  return undefined;
}

interface FrameworkPart {
  key: string;
  labels: Labels;
  aliases: string[];
  record: Record<string, unknown>;
}

function readParts(reader: FieldReader, field: string, max: number): FrameworkPart[] {
  const found = reader.raw(field);
  if (!found || !Array.isArray(found.value) || found.value.length === 0) {
    reader.issue(found ? 'invalid-field' : 'missing-field', found?.key ?? field, { detail: 'list' });
    return [];
  }
  const parts: FrameworkPart[] = [];
  const seen = new Set<string>();
  found.value.slice(0, max).forEach((item, index) => {
    const where = `${found.key}[${index + 1}]`;
    // A plain value is taken as the part's key, as in `partijen` and `themas`.
    const plain = scalarText(item);
    if (plain === undefined && (!item || typeof item !== 'object' || Array.isArray(item))) {
      reader.issue('invalid-field', where, { detail: 'mapping', lineKey: found.key });
      return;
    }
    const record = plain === undefined ? (item as Record<string, unknown>) : { key: plain };
    const rawKey = scalarText(record.key ?? record.sleutel);
    const key = rawKey === undefined ? '' : normaliseValue(rawKey);
    if (!isValidKey(key) || seen.has(key)) {
      reader.issue('invalid-field', `${where}.key`, { value: rawKey, detail: 'key', lineKey: found.key });
      return;
    }
    seen.add(key);
    const labels = readLabels(record.titel ?? record.title ?? record.labels, key);
    if (!labels) {
      reader.issue('invalid-field', `${where}.titel`, { detail: 'labels', lineKey: found.key });
      return;
    }
    const aliasValue = record.aliassen ?? record.aliases;
    const aliases = (Array.isArray(aliasValue) ? aliasValue : aliasValue === undefined ? [] : [aliasValue])
      .map((a) => scalarText(a))
      .filter((a): a is string => a !== undefined)
      .map(normaliseValue);
    parts.push({ key, labels, aliases, record });
  });
  return parts;
}

export function parseFrameworkBlock(block: RawBlock): { framework?: Framework; issues: Issue[] } {
  const yaml = parseYaml(block);
  if (!yaml.value) return { issues: yaml.issues };
  const reader = new FieldReader(block, yaml.value, FRAMEWORK_FIELDS);
  const key = readKey(reader, 'key');
  if (key === undefined && !reader.raw('key')) reader.issue('missing-field', 'key', { line: block.line });
  const rawTitle = reader.raw('title');
  const labels = readLabels(rawTitle?.value, key ?? '');
  if (rawTitle && !labels) reader.issue('invalid-field', rawTitle.key, { detail: 'labels' });
  const chapters: FrameworkChapter[] = readParts(reader, 'chapters', 20).map((part) => {
    const columnsValue = part.record.kolommen ?? part.record.columns;
    const sub = new FieldReader(block, { kolommen: columnsValue } as Record<string, unknown>, { columns: ['kolommen'] });
    const columns = readParts(sub, 'columns', 20).map(({ key: colKey, labels: colLabels, aliases }) => ({
      key: colKey,
      labels: colLabels,
      aliases,
    }));
    reader.issues.push(...sub.issues.map((i) => ({ ...i, field: `${part.key}.${i.field ?? ''}` })));
    return { key: part.key, labels: part.labels, aliases: part.aliases, columns };
  });
  const layers: FrameworkLayer[] = readParts(reader, 'layers', 20).map(({ key: layerKey, labels: layerLabels, aliases }) => ({
    key: layerKey,
    labels: layerLabels,
    aliases,
  }));
  reader.reportUnknownFields();
  const issues = [...yaml.issues, ...reader.issues];
  const columnKeys = chapters.flatMap((c) => c.columns.map((col) => col.key));
  const usable =
    key !== undefined &&
    labels !== undefined &&
    chapters.length > 0 &&
    layers.length > 0 &&
    chapters.every((c) => c.columns.length > 0) &&
    new Set(columnKeys).size === columnKeys.length;
  if (!usable) {
    issues.push({ code: 'invalid-framework', severity: 'error', line: block.line, value: key });
    return { issues };
  }
  return { framework: { key: key as string, labels: labels as Labels, chapters, layers }, issues };
}
