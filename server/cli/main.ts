/**
 * The `afsprakenwiki` command line: reads a folder in Wiki.js's storage format and prints systems,
 * matrices, comparisons and validation issues; dispatches the installer commands.
 * Exit codes: 0 fine, 1 validation errors, an overdue review (maintenance) or a failed installer
 * command, 2 usage error.
 */
import { runInstallCommand, type InstallCommand } from '../install/commands';
import { translate, type Lang } from '../domain';
import { parseArgs, UsageError, type CliOptions } from './args';
import { makeTranslator, type CliIo, type CommandContext } from './context';
import { colourWanted, painter } from './format';
import { compareCommand } from './compare';
import { matrixCommand } from './matrix';
import { systemsCommand } from './systems';
import { validateCommand } from './validate';
import { maintenanceCommand } from './maintenance';
import { partiesCommand } from './parties';
import { exportCommand, importCommand } from './import';

export type { CliIo } from './context';

type FolderCommand = (args: string[], ctx: CommandContext) => Promise<number>;

/** Folder commands with their positional arguments: required names, then optional ones. */
const FOLDER_COMMANDS: Record<string, { run: FolderCommand; required: string[]; optional: string[] }> = {
  systems: { run: systemsCommand, required: [], optional: ['dir'] },
  matrix: { run: matrixCommand, required: ['system'], optional: ['dir'] },
  compare: { run: compareCommand, required: ['a', 'b'], optional: ['dir'] },
  validate: { run: validateCommand, required: [], optional: ['system', 'dir'] },
  maintenance: { run: maintenanceCommand, required: [], optional: ['system', 'dir'] },
  parties: { run: partiesCommand, required: [], optional: ['system', 'dir'] },
  export: { run: exportCommand, required: ['system'], optional: ['dir'] },
  import: { run: (args, ctx) => importCommand(args, ctx), required: ['file'], optional: [] },
};

const INSTALL_COMMANDS: Record<string, string> = { install: 'wikiDir', uninstall: 'wikiDir', status: 'wikiDir', overlay: 'outDir' };

/** Runs the command line on `process.argv`-style arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const args = argv.slice(2);
  let options: CliOptions | undefined;
  try {
    const parsed = parseArgs(args);
    options = parsed.options;
    const { command, positionals } = parsed;
    const t = makeTranslator(options.lang);
    if (options.help || command === 'help') {
      io.out(`${t('cli.usage')}\n\n${t('importCsv.cli.usage')}\n`);
      return 0;
    }
    if (command === undefined) {
      io.err(`${t('cli.usage')}\n`);
      return 2;
    }
    if (command in INSTALL_COMMANDS) {
      if (positionals.length === 0) throw new UsageError('missingArgument', { name: t(`cli.argument.${INSTALL_COMMANDS[command]}`) });
      const lines = { out: (line: string) => io.out(`${line}\n`), err: (line: string) => io.err(`${line}\n`) };
      return await runInstallCommand(command as InstallCommand, positionals, { lang: options.lang, dropTables: options.dropTables, configFile: options.configFile }, lines);
    }
    const spec = FOLDER_COMMANDS[command];
    if (!spec) throw new UsageError('unknownCommand', { command });
    const missing = spec.required[positionals.length];
    if (missing) throw new UsageError('missingArgument', { name: t(`cli.argument.${missing}`) });
    if (positionals.length > spec.required.length + spec.optional.length) {
      throw new UsageError('unexpectedArgument', { argument: positionals[spec.required.length + spec.optional.length] });
    }
    const colour = options.output === 'table' && colourWanted(io.isTTY === true, io.env ?? {});
    return await spec.run(positionals, { options, io, paint: painter(colour), t });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(usageMessage(error, options?.langGiven ? [options.lang] : languagesFor(args)));
    return 2;
  }
}

/** The languages of a usage message: the one asked for, or Dutch and English when none was. */
function languagesFor(args: readonly string[]): Lang[] {
  const index = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = index === -1 ? undefined : args[index].split('=')[1] ?? args[index + 1];
  return value === 'nl' || value === 'en' ? [value] : ['nl', 'en'];
}

function usageMessage(error: UsageError, langs: Lang[]): string {
  const text = (lang: Lang) => translate(lang, `cli.${error.key}`, error.params);
  const help = (lang: Lang) => translate(lang, 'cli.seeHelp');
  return `afsprakenwiki: ${langs.map(text).join(' / ')}\n${langs.map(help).join(' / ')}\n`;
}

function processIo(): CliIo {
  // A closed pipe (`… | head`) ends the output, not the process with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}
