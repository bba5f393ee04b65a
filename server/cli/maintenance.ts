/**
 * `afsprakenwiki maintenance [system] [dir]`: upkeep of a folder's systems (contract §10), for a
 * nightly check. Exit 1 when a review is overdue, so a scheduler can tell someone.
 */
import path from 'path';
import { buildMaintenance, type Maintenance, type MaintenanceItem } from '../domain';
import { isDirectory, loadWiki, requireSystem, statusLabel, type CommandContext } from './context';
import { renderTable, toCsv, toJson } from './format';

/** The lists in the order they are printed, by their names in the API. */
export const MAINTENANCE_LISTS = ['overdue', 'dueSoon', 'withoutOwner', 'stale', 'unplaced'] as const;

export async function maintenanceCommand(args: string[], ctx: CommandContext): Promise<number> {
  // One argument is the folder when it is one, and a system otherwise (as `validate`).
  const cwd = ctx.io.cwd ?? process.cwd();
  const [system, dir] = args.length === 1 && isDirectory(path.resolve(cwd, args[0])) ? [undefined, args[0]] : [args[0], args[1]];
  const wiki = loadWiki(dir ?? '.', ctx);
  const key = system === undefined ? undefined : requireSystem(wiki, system, ctx);
  const today = ctx.io.today ?? new Date().toISOString().slice(0, 10);
  const result = buildMaintenance(wiki.catalog, wiki.facts, { system: key, today });
  if (ctx.options.output === 'json') ctx.io.out(toJson(result));
  else if (ctx.options.output === 'csv') ctx.io.out(maintenanceCsv(result));
  else ctx.io.out(renderMaintenance(result, ctx).join('\n') + '\n');
  return result.overdue.length > 0 ? 1 : 0;
}

function renderMaintenance(result: Maintenance, ctx: CommandContext): string[] {
  const t = ctx.t;
  const header = ['maintenance.title', 'term.page', 'maintenance.systems', 'term.status', 'maintenance.owner', 'maintenance.reviewBy', 'maintenance.updatedAt'].map((k) => t(k));
  const lines: string[] = [];
  for (const list of MAINTENANCE_LISTS) {
    const items = result[list];
    const heading = `${t(`maintenance.${list}`)} (${items.length})`;
    lines.push(ctx.paint(heading, list === 'overdue' && items.length > 0 ? 'red' : 'bold'));
    if (items.length === 0) {
      lines.push(ctx.paint(`  ${t('term.none')}`, 'dim'), '');
      continue;
    }
    const body = items.map((item) => [
      item.agreement.title,
      `${item.agreement.locale}/${item.agreement.path}`,
      item.systems.join(', '),
      statusLabel(item.agreement.status, ctx.options.lang),
      item.owner ?? '',
      item.reviewBy ?? '',
      item.updatedAt.slice(0, 10),
    ]);
    lines.push(...renderTable(body, { header: [header], maxWidth: [40, 60, 20, undefined, 24] }), '');
  }
  lines.push(t('maintenance.errors', { errors: result.errors }));
  return lines;
}

export const MAINTENANCE_CSV_HEADER = ['list', 'title', 'path', 'locale', 'status', 'systems', 'owner', 'reviewBy', 'updatedAt'];

/** One row per item and list it is on (an agreement can be overdue and without owner). */
export function maintenanceCsv(result: Maintenance): string {
  const row = (list: string, item: MaintenanceItem) => [
    list,
    item.agreement.title,
    item.agreement.path,
    item.agreement.locale,
    item.agreement.status,
    item.systems.join(';'),
    item.owner,
    item.reviewBy,
    item.updatedAt,
  ];
  return toCsv(MAINTENANCE_CSV_HEADER, MAINTENANCE_LISTS.flatMap((list) => result[list].map((item) => row(list, item))));
}
