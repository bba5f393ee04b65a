/** Command-line arguments: `--name value`, `--name=value`, flags, and positionals; `--` ends options. */
import type { AgreementFilter, Lang } from '../domain';

export interface CliOptions {
  lang: Lang;
  /** True when `--lang` was given; usage errors are bilingual otherwise. */
  langGiven: boolean;
  output: 'table' | 'json' | 'csv';
  /** Locale of a storage folder's root pages; detected from its layout unless `localeGiven`. */
  locale: string;
  localeGiven: boolean;
  /** `--config`: the wiki's config file for the installer commands. */
  configFile?: string;
  filter: AgreementFilter;
  dropTables: boolean;
  help: boolean;
  /** `import`: the running wiki, its API key, the default system, update and dry-run (contract §7.3). */
  wiki?: string;
  token?: string;
  system?: string;
  update: boolean;
  dryRun: boolean;
}

export interface ParsedArgs {
  command?: string;
  positionals: string[];
  options: CliOptions;
}

/** A usage problem: a `cli.*` message key and its parameters (exit code 2). */
export class UsageError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string> = {},
  ) {
    super(key);
  }
}

type ValueOption = 'lang' | 'locale' | 'config' | 'themes' | 'statuses' | 'parties' | 'wiki' | 'token' | 'system';
type FlagOption = 'json' | 'csv' | 'includeRetired' | 'dropTables' | 'help' | 'update' | 'dryRun';

/** Dutch and English spellings of every option. */
const VALUE_OPTIONS: Record<string, ValueOption> = {
  lang: 'lang',
  taal: 'lang',
  locale: 'locale',
  config: 'config',
  configuratie: 'config',
  thema: 'themes',
  theme: 'themes',
  status: 'statuses',
  partij: 'parties',
  party: 'parties',
  wiki: 'wiki',
  token: 'token',
  system: 'system',
  stelsel: 'system',
};
const FLAG_OPTIONS: Record<string, FlagOption> = {
  json: 'json',
  csv: 'csv',
  'met-vervallen': 'includeRetired',
  'include-retired': 'includeRetired',
  'drop-tables': 'dropTables',
  help: 'help',
  hulp: 'help',
  update: 'update',
  bijwerken: 'update',
  'dry-run': 'dryRun',
  proef: 'dryRun',
};

/** Parses the arguments after `node afsprakenwiki`. Throws UsageError. */
export function parseArgs(args: readonly string[]): ParsedArgs {
  const options: CliOptions = {
    lang: 'nl',
    langGiven: false,
    output: 'table',
    locale: 'nl',
    localeGiven: false,
    filter: {},
    dropTables: false,
    help: false,
    update: false,
    dryRun: false,
  };
  const positionals: string[] = [];
  const lists: Record<'themes' | 'statuses' | 'parties', string[]> = { themes: [], statuses: [], parties: [] };
  const flags = new Set<FlagOption>();

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1) throw new UsageError('unknownOption', { option: arg });
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = (equals === -1 ? arg.slice(2) : arg.slice(2, equals)).toLowerCase();
    const flag = FLAG_OPTIONS[name];
    if (flag && equals === -1) {
      flags.add(flag);
      continue;
    }
    const option = VALUE_OPTIONS[name];
    if (!option) throw new UsageError('unknownOption', { option: arg });
    let value = equals === -1 ? args[++i] : arg.slice(equals + 1);
    if (value === undefined || (equals === -1 && value.startsWith('--'))) {
      throw new UsageError('missingArgument', { name: `--${name}` });
    }
    value = value.trim();
    if (option === 'lang') {
      if (value !== 'nl' && value !== 'en') throw new UsageError('invalidValue', { option: `--${name}`, value, choices: 'nl, en' });
      options.lang = value;
      options.langGiven = true;
    } else if (option === 'locale') {
      if (!/^[a-z]{2}(?:-[a-z]{2,4})?$/i.test(value)) throw new UsageError('invalidValue', { option: `--${name}`, value, choices: 'nl, en, de, pt-br…' });
      options.locale = value.toLowerCase();
      options.localeGiven = true;
    } else if (option === 'config') {
      options.configFile = value;
    } else if (option === 'wiki' || option === 'token' || option === 'system') {
      options[option] = value;
    } else {
      lists[option].push(...value.split(',').map((v) => v.trim()).filter((v) => v.length > 0));
    }
  }

  if (flags.has('json') && flags.has('csv')) throw new UsageError('conflictingOptions', { a: '--json', b: '--csv' });
  options.output = flags.has('json') ? 'json' : flags.has('csv') ? 'csv' : 'table';
  options.help = flags.has('help');
  options.dropTables = flags.has('dropTables');
  options.update = flags.has('update');
  options.dryRun = flags.has('dryRun');
  options.filter = {
    ...(lists.themes.length ? { themes: lists.themes } : {}),
    ...(lists.statuses.length ? { statuses: lists.statuses } : {}),
    ...(lists.parties.length ? { parties: lists.parties } : {}),
    ...(flags.has('includeRetired') ? { includeRetired: true } : {}),
  };
  const [command, ...rest] = positionals;
  return { command, positionals: rest, options };
}
