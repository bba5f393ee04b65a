/**
 * What the boot hook (module/extensions/afsprakenwiki/ext.js) runs inside Wiki.js, bundled as
 * afsprakenwiki.js next to it. Wiki.js has loaded the GraphQL files already; this brings the
 * index, strings, save hooks and client in place. Never throws: on any failure it logs one
 * error line and Wiki.js goes on without the extension.
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import path from 'path';
import { version } from '../../package.json';
import { writeRuntimeMarker } from '../install/runtime-marker';
import { installPageHooks } from './hooks';
import { clientTags, withClientTags } from './theme';
import { wikiHost, type WikiHost } from './wiki-host';
import { wikiChain } from './wiki-chain';

export interface BootResult {
  ok: boolean;
  /** The one line that was logged. */
  summary: string;
}

/** The i18next namespace of the extension's strings (server and client). */
export const STRINGS_NAMESPACE = 'agreements';
const LANGUAGES = ['nl', 'en'] as const;

/** Registers locales/<lang>/{core,ui}.json (shipped next to the bundle) in memory, never in `locales.strings`. */
function registerStrings(host: WikiHost, extensionDir: string): string {
  if (!host.langEngine) return 'strings skipped (no i18n engine)';
  for (const lang of LANGUAGES) {
    const bundle: Record<string, unknown> = {};
    for (const file of ['core.json', 'ui.json']) {
      const full = path.join(extensionDir, 'locales', lang, file);
      if (existsSync(full)) Object.assign(bundle, JSON.parse(readFileSync(full, 'utf8')) as Record<string, unknown>);
    }
    host.langEngine.addResourceBundle(lang, STRINGS_NAMESPACE, bundle, true, true);
  }
  return 'strings nl+en';
}

/** Puts the client's tags into the theme body injection in memory (see theme.ts for the trap). */
function injectClient(host: WikiHost): string {
  const dir = path.join(host.rootPath, 'assets', 'afsprakenwiki');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^[\w.-]+\.(js|css)$/.test(f) && !f.endsWith('.map')).sort() : [];
  if (files.length === 0) return 'no client assets';
  const theming = (host.config.theming ??= {});
  theming.injectBody = withClientTags(typeof theming.injectBody === 'string' ? theming.injectBody : '', clientTags(files, version));
  return `client ${files.join('+')}`;
}

function graphqlFiles(host: WikiHost): string {
  const schema = existsSync(path.join(host.serverPath, 'graph', 'schemas', 'agreements.graphql'));
  const resolvers = existsSync(path.join(host.serverPath, 'graph', 'resolvers', 'agreements.js'));
  return schema && resolvers ? 'GraphQL agreements' : 'GraphQL files MISSING (run the installer again)';
}

export async function boot(extensionDir: string): Promise<BootResult> {
  const host = wikiHost();
  if (!host) return { ok: false, summary: 'afsprakenwiki: no Wiki.js found, not started' };
  try {
    // The process's one chain (shared with the GraphQL resolvers); its migrations run here.
    const { store, indexer, importer } = await wikiChain(host);
    await store.migrate();
    const parts = [`v${version}`, 'migrations ok', registerStrings(host, extensionDir)];
    installPageHooks({ pages: host.pages, knex: host.knex, index: indexer, logger: host.logger });
    parts.push('save hooks', injectClient(host), graphqlFiles(host), 'reconciliation started');
    // In the background: a large wiki takes a while, and Wiki.js must finish booting meanwhile.
    void indexer.reconcile().catch((err: unknown) => host.logger.error(`[afsprakenwiki] reconciliation failed: ${String(err)}`));
    // For `afsprakenwiki status`: which version runs, and whether an install since asks for a restart.
    if (!writeRuntimeMarker(host.rootPath, version)) parts.push('start not recorded (read-only folder)');
    // CSV imports a restart (or a node that stopped) left unfinished: resumed as their users once
    // Wiki.js can write pages and the stopped node's lease has run out; writes through the hooked
    // page API, so the index follows.
    importer.watch(() => host.booted());
    parts.push('import jobs watched');
    const summary = `[afsprakenwiki] ${parts.join(', ')}`;
    host.logger.info(summary);
    return { ok: true, summary };
  } catch (err) {
    const summary = `[afsprakenwiki] not started, Wiki.js runs without it: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
    host.logger.error(summary);
    return { ok: false, summary };
  }
}
