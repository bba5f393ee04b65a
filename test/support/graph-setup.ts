/**
 * What the GraphQL suites (test/graph) share: the stand-in Wiki.js's tables holding the examples
 * folder, the guest's page rules, an access check that follows reloaded groups, and the chain of
 * createAgreementChain (dev/chain.ts) with its schema, as the dev app and Wiki.js build it.
 */
import path from 'path';
import type Knex from 'knex';
import type { GraphQLSchema } from 'graphql';
import { readFolder } from '../../server/cli/read-folder';
import type { SourcePage } from '../../server/domain';
import type { AgreementChain, ChainHost } from '../../server/service/chain';
import type { AccessPolicy, AccessTarget, HostUser, Permission } from '../../server/host/types';
import { devChain, devSchema } from '../../dev/chain';
import { PageRulesPolicy, loadGroups, loadUser } from '../../dev/page-rules';
import { ADMIN_USER_ID, GUEST_GROUP_ID, GUEST_USER_ID, createWikiSchema, dropWikiSchema, insertPage } from '../../dev/wikijs-schema';

/** Wiki.js's tables afresh, holding every page of the examples folder; the pages with their ids. */
export async function examplesWiki(knex: Knex): Promise<SourcePage[]> {
  await freshWiki(knex);
  const sources: SourcePage[] = [];
  for (const page of readFolder(path.resolve(__dirname, '../../examples')).pages) {
    const id = await insertPage(knex, { path: page.path, locale: page.locale, title: page.title, content: page.content, tags: page.tags, isPublished: page.isPublished });
    sources.push({ ...page, id });
  }
  return sources;
}

/** Wiki.js's tables afresh and empty (its admin and guest only). */
export async function freshWiki(knex: Knex): Promise<void> {
  await dropWikiSchema(knex);
  await createWikiSchema(knex);
}

export interface GuestRule {
  match: 'START' | 'TAG' | 'EXACT';
  path: string;
  deny?: boolean;
}

/** Sets the guest group's page rules (read only). */
export async function setGuestRules(knex: Knex, rules: readonly GuestRule[]): Promise<void> {
  const pageRules = rules.map((r, i) => ({ id: `r${i}`, deny: r.deny ?? false, match: r.match, roles: ['read:pages'], path: r.path, locales: [] }));
  await knex('groups').where('id', GUEST_GROUP_ID).update({ pageRules: JSON.stringify(pageRules) });
}

/** The page rules of the groups as last loaded: `reload` after changing groups, like Wiki.js's `reloadGroups`. */
export class LivePolicy implements AccessPolicy {
  private constructor(
    private readonly knex: Knex,
    private current: PageRulesPolicy,
  ) {}

  static async load(knex: Knex): Promise<LivePolicy> {
    return new LivePolicy(knex, new PageRulesPolicy(await loadGroups(knex)));
  }

  async reload(): Promise<void> {
    this.current = new PageRulesPolicy(await loadGroups(this.knex));
  }

  can(user: HostUser, permission: Permission, page?: AccessTarget): boolean {
    return this.current.can(user, permission, page);
  }

  prepare(user: HostUser) {
    return this.current.prepare(user);
  }

  permissionsOf(user: HostUser): string[] {
    return this.current.permissionsOf(user);
  }
}

export interface GraphSetup {
  chain: AgreementChain;
  schema: GraphQLSchema;
  policy: LivePolicy;
  admin: HostUser;
  guest: HostUser;
}

/**
 * The chain on the tables as they stand (migrated, every page indexed), the groups' rules as they
 * stand, and the schema (with authoring or import where asked for). `host` pins clocks.
 */
export async function graphSetup(knex: Knex, options: { host?: Partial<ChainHost>; authoring?: boolean; importer?: boolean } = {}): Promise<GraphSetup> {
  const policy = await LivePolicy.load(knex);
  const chain = await devChain(knex, policy, options.host);
  await chain.indexer.reconcile();
  const schema = devSchema<{ user?: HostUser }>(chain, (u) => policy.permissionsOf(u), options);
  const admin = (await loadUser(knex, ADMIN_USER_ID)) as HostUser;
  const guest = (await loadUser(knex, GUEST_USER_ID)) as HostUser;
  return { chain, schema, policy, admin, guest };
}
