/** `afsprakenwiki systems [dir]`: the systems found in a folder of pages. */
import { sortedSystems, type SystemInfo } from '../domain';
import { loadWiki, type CommandContext, type Wiki } from './context';
import { renderTable, toCsv, toJson } from './format';

export async function systemsCommand(args: string[], ctx: CommandContext): Promise<number> {
  const wiki = loadWiki(args[0] ?? '.', ctx);
  const systems = sortedSystems(wiki.catalog);
  if (ctx.options.output === 'json') ctx.io.out(toJson(systems));
  else if (ctx.options.output === 'csv') ctx.io.out(systemsCsv(systems));
  else ctx.io.out(renderSystems(systems, wiki, ctx).join('\n') + '\n');
  return 0;
}

export function renderSystems(systems: SystemInfo[], wiki: Wiki, ctx: CommandContext): string[] {
  if (systems.length === 0) return [ctx.t('cli.noSystems', { dir: wiki.dir })];
  const { lang } = ctx.options;
  const header = ['key', 'title', 'framework', 'declared', 'agreements', 'path'].map((k) => ctx.t(`cli.systemsColumns.${k}`));
  const body = systems.map((s) => [
    s.key,
    s.title,
    wiki.catalog.frameworks.get(s.framework)?.labels[lang] ?? s.framework,
    s.declared ? ctx.t('term.yes') : ctx.paint(ctx.t('term.no'), 'yellow'),
    String(s.agreementCount),
    s.pagePath === undefined ? '—' : s.locale === ctx.options.locale ? s.pagePath : `${s.locale}/${s.pagePath}`,
  ]);
  return [
    ctx.paint(ctx.t('cli.systemsHeader'), 'bold'),
    ...renderTable(body, { header: [header], align: ['left', 'left', 'left', 'left', 'right', 'left'] }),
  ];
}

export const SYSTEMS_CSV_HEADER = ['key', 'title', 'framework', 'declared', 'agreementCount', 'pagePath', 'locale'];

export function systemsCsv(systems: SystemInfo[]): string {
  return toCsv(
    SYSTEMS_CSV_HEADER,
    systems.map((s) => [s.key, s.title, s.framework, s.declared, s.agreementCount, s.pagePath, s.locale]),
  );
}
