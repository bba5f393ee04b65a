/**
 * The dev app's back end: the extension's real server code on a fresh SQLite database holding the
 * examples folder in Wiki.js's tables, as Wiki.js would hold it after an import.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { readFolder } from '../server/cli/read-folder';
import type { AgreementIndexer } from '../server/indexer';
import { EXAMPLE_HISTORY_DAYS, writeExampleHistory } from './example-history';
import { createAgreementChain, type AgreementChain } from '../server/service/chain';
import { createStandaloneSchema } from '../server/graph/standalone';
import type { ImportService } from '../server/service/import-service';
import { PageRulesPolicy, loadGroups, loadUser } from './page-rules';
import type { HostUser } from '../server/host/types';
import { DevPageWriter } from './page-api';
import { GUEST_GROUP_ID, GUEST_USER_ID, createWikiSchema, insertGroup, insertPages, insertUser, type WikiPageRule } from './wikijs-schema';

export type Role = 'guest' | 'author';

/** What guests may not read in the dev app: draft agreements, via a Wiki.js tag page rule. */
export const GUEST_HIDDEN_TAG = 'status:concept';

export interface DevContext {
  user: HostUser;
}

export interface Backend {
  knex: Knex;
  schema: GraphQLSchema;
  policy: PageRulesPolicy;
  importer: ImportService;
  /** Wiki.js's page API as the dev app stands in for it (creates and updates; the index follows). */
  writer: DevPageWriter;
  users: Record<Role, HostUser>;
  /** Number of pages read from the folder. */
  pageCount: number;
  /** Re-indexes pages a test or bench changed in the tables (as the save hooks would). */
  indexer: AgreementIndexer;
  /** The whole chain (store, indexer, read services, authoring, import), as createAgreementChain built it. */
  chain: AgreementChain;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** Folder in Wiki.js's storage format; default examples/. */
  folder?: string;
  /** SQLite file, recreated; default in the OS temp folder. */
  filename?: string;
  /** Pages to add besides the folder (the benchmark's large system). */
  extraPages?: Parameters<typeof insertPages>[1];
}

const READ = ['read:pages', 'read:assets', 'read:comments'];

async function seedRoles(knex: Knex): Promise<number> {
  const guestRules: WikiPageRule[] = [
    { id: 'guest', roles: READ, match: 'START', deny: false, path: '', locales: [] },
    { id: 'hide-drafts', roles: READ, match: 'TAG', deny: true, path: GUEST_HIDDEN_TAG, locales: [] },
  ];
  await knex('groups').where('id', GUEST_GROUP_ID).update({ pageRules: JSON.stringify(guestRules) });
  const authorRoles = [...READ, 'write:pages'];
  const authors = await insertGroup(knex, {
    name: 'Auteurs',
    permissions: authorRoles,
    pageRules: [{ id: 'authors', roles: authorRoles, match: 'START', deny: false, path: '', locales: [] }],
  });
  return insertUser(knex, { email: 'auteur@example.com', name: 'Auteur', groups: [authors] });
}

export async function createBackend(options: BackendOptions = {}): Promise<Backend> {
  const filename = options.filename ?? path.join(os.tmpdir(), `afsprakenwiki-dev-${process.pid}.sqlite`);
  fs.rmSync(filename, { force: true });
  const knex = Knex({ client: 'sqlite3', connection: { filename }, useNullAsDefault: true });
  await createWikiSchema(knex);
  const authorId = await seedRoles(knex);

  // History began a year ago (the example past is written below), so the history's clock starts there.
  let historyStart: number | undefined = Date.now() - EXAMPLE_HISTORY_DAYS * 86_400_000;
  // The stand-in's page rules as they stand once the roles are seeded.
  const policy = new PageRulesPolicy(await loadGroups(knex));
  let writer: DevPageWriter | undefined;
  const chain = await createAgreementChain({
    knex,
    access: policy,
    // Creating, placing and importing agreements write Wiki.js's tables as its page API would; the index follows.
    writer: (index) => (writer = new DevPageWriter(knex, policy, index)),
    siteLocale: 'nl',
    restoreUser: (stored) => loadUser(knex, stored.id),
    historyNow: () => new Date(historyStart ?? Date.now()).toISOString(),
  });
  historyStart = undefined;
  const { store, indexer, importer } = chain;

  const { pages } = readFolder(options.folder ?? path.join(__dirname, '../examples'), 'nl');
  const ids = await insertPages(
    knex,
    pages.map((page) => ({
      path: page.path,
      locale: page.locale,
      title: page.title,
      description: page.description,
      content: page.content,
      contentType: page.contentType,
      isPublished: page.isPublished,
      tags: page.tags,
      updatedAt: page.updatedAt,
    })),
  );
  await writeExampleHistory(store.history, pages.map((page, i) => ({ ...page, id: ids[i] })));
  if (options.extraPages) await insertPages(knex, options.extraPages);

  await indexer.reconcile();
  const schema = createStandaloneSchema<DevContext>({
    reading: chain.reading,
    importer,
    authoring: chain.authoring,
    userFromContext: (context) => context.user,
    permissionsOf: (user) => policy.permissionsOf(user),
  });
  const load = async (id: number) => {
    const user = await loadUser(knex, id);
    if (!user) throw new Error(`dev user ${id} missing`);
    return user;
  };
  return {
    knex,
    schema,
    policy,
    importer,
    writer: writer as DevPageWriter,
    users: { guest: await load(GUEST_USER_ID), author: await load(authorId) },
    pageCount: pages.length,
    indexer,
    chain,
    async close() {
      await importer.idle();
      await knex.destroy();
      fs.rmSync(filename, { force: true });
    },
  };
}
