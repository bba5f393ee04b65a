/**
 * `afsprakenwiki parties [system] [dir]`: who is at the table where in a folder's systems, and
 * whom to ask (contract §11); of one system, or across every system of the default framework.
 */
import path from 'path';
import { buildParties, type CellKey, type Parties } from '../domain';
import { isDirectory, loadWiki, requireSystem, type CommandContext } from './context';
import { renderTable, toCsv, toJson } from './format';

export async function partiesCommand(args: string[], ctx: CommandContext): Promise<number> {
  // One argument is the folder when it is one, and a system otherwise (as `maintenance`).
  const cwd = ctx.io.cwd ?? process.cwd();
  const [system, dir] = args.length === 1 && isDirectory(path.resolve(cwd, args[0])) ? [undefined, args[0]] : [args[0], args[1]];
  const wiki = loadWiki(dir ?? '.', ctx);
  const key = system === undefined ? undefined : requireSystem(wiki, system, ctx);
  const today = ctx.io.today ?? new Date().toISOString().slice(0, 10);
  const parties = buildParties(wiki.catalog, { system: key, filter: ctx.options.filter }, today) as Parties;
  if (ctx.options.output === 'json') ctx.io.out(toJson({ framework: parties.framework.key, system: key ?? null, cells: parties.cells, parties: parties.parties }));
  else if (ctx.options.output === 'csv') ctx.io.out(partiesCsv(parties));
  else ctx.io.out(renderParties(parties, ctx).join('\n') + '\n');
  return 0;
}

function renderParties(parties: Parties, ctx: CommandContext): string[] {
  const t = ctx.t;
  const heading = parties.system ? t('parties.titleOf', { system: parties.system.title }) : t('parties.title');
  if (parties.parties.length === 0) return [ctx.paint(heading, 'bold'), ctx.paint(`  ${t('term.none')}`, 'dim')];
  const header = ['parties.party', 'parties.name', 'parties.agreements', 'parties.systems', 'parties.contacts'].map((k) => t(k));
  const body = parties.parties.map((party) => [
    party.key,
    party.name ?? (party.declared ? '' : ctx.paint(t('parties.notDeclared'), 'yellow')),
    String(party.count),
    party.systems.join(', '),
    party.contacts.map((c) => `${c.name} (${c.agreements.length})`).join('; '),
  ]);
  return [ctx.paint(heading, 'bold'), ...renderTable(body, { header: [header], align: ['left', 'left', 'right', 'left', 'left'], maxWidth: [24, 32, undefined, 40, 60] })];
}

/** A cell's column name in the CSV: `chapter/column/layer`, `*` for the chapter-wide column. */
function cellName(cell: CellKey): string {
  return `${cell.chapter}/${cell.column ?? '*'}/${cell.layer}`;
}

/**
 * One row per party, every field quoted: its cells hold the number of agreements there for one
 * system, and across systems the number of systems where the party is at the table there.
 */
export function partiesCsv(parties: Parties): string {
  const perSystem = parties.system !== undefined;
  const header = ['key', 'name', 'declared', 'count', 'systems', 'contacts', ...parties.cells.map(cellName)];
  const rows = parties.parties.map((party) => [
    party.key,
    party.name,
    party.declared,
    party.count,
    party.systems.join(' | '),
    party.contacts.map((c) => `${c.name} (${c.agreements.length})`).join(' | '),
    ...party.cells.map((cell) => (perSystem ? cell.count : cell.systems)),
  ]);
  return toCsv(header, rows, { quoteAll: true });
}
