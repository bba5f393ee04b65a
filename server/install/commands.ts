/** Installer commands of the command line (contract §6). Being written: replaced by the real installer. */
export type InstallCommand = 'install' | 'uninstall' | 'status' | 'overlay';

export interface InstallIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs an installer command; resolves to the process exit code (0 fine, 1 failure, 2 usage). */
export async function runInstallCommand(
  _command: InstallCommand,
  _args: string[],
  _options: { lang: 'nl' | 'en'; dropTables?: boolean },
  io: InstallIo,
): Promise<number> {
  io.err('The installer is not available yet.');
  return 1;
}
