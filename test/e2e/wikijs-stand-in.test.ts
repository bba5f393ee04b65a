/**
 * The stand-in Wiki.js (dev/wikijs-schema.ts, dev/page-rules.ts) that the dev app, the database
 * and GraphQL tests and the benchmarks run on, held against a real Wiki.js 2.5 so it cannot drift
 * silently: the same tables and columns after Wiki.js's own migrations, the same setup rows, and
 * the same access decisions as Wiki.js's own page view for a grid of page rules and pages.
 * On the engine the e2e database is (AFW_E2E_DATABASE; SQLite by default).
 */
import { expect } from 'chai';
import type Knex from 'knex';
import { GUEST_USER_ID, PageRulesPolicy, loadGroups, loadUser } from '../../dev/page-rules';
import { WIKI_TABLES, createWikiSchema } from '../../dev/wikijs-schema';
import { TestDatabase } from '../support/databases';
import { startedWiki } from '../support/wikijs-suite';
import type { PageRule, WikiHarness } from '../support/wikijs-harness';

/** A table's columns as knex reports them, comparable across two databases of one engine. */
async function columnsOf(knex: Knex, table: string): Promise<Record<string, { type: string; nullable: boolean }>> {
  const info = (await knex(table).columnInfo()) as unknown as Record<string, Knex.ColumnInfo>;
  return Object.fromEntries(Object.entries(info).map(([name, column]) => [name, { type: column.type, nullable: column.nullable }]));
}

/** JSON columns come back parsed (PostgreSQL) or as text (SQLite). */
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** The setup rows both write: groups with their rules, the guest user and the memberships. */
async function setupRows(knex: Knex) {
  const groups = (await knex('groups').select('id', 'name', 'permissions', 'pageRules', 'isSystem', 'redirectOnLogin').orderBy('id')).map((g) => ({
    id: Number(g.id),
    name: g.name,
    permissions: json(g.permissions),
    pageRules: json(g.pageRules),
    isSystem: Boolean(g.isSystem),
    redirectOnLogin: g.redirectOnLogin,
  }));
  const guest = await knex('users').select('id', 'email', 'name', 'isSystem', 'isActive', 'providerKey', 'localeCode').where('id', GUEST_USER_ID).first();
  const memberships = (await knex('userGroups').select('userId', 'groupId').orderBy(['userId', 'groupId'])).map((m) => [Number(m.userId), Number(m.groupId)]);
  return { groups, guest: { ...guest, id: Number(guest.id), isSystem: Boolean(guest.isSystem), isActive: Boolean(guest.isActive) }, memberships };
}

interface GridPage {
  path: string;
  tags: string[];
}

/** Pages chosen so that each match type both matches and misses some of them. */
const PAGES: GridPage[] = [
  { path: 'docs/intro', tags: ['public'] },
  { path: 'docs/secret', tags: ['secret'] },
  { path: 'docs/secret/plan', tags: [] },
  { path: 'docsx/other', tags: ['public', 'concept'] },
  { path: 'handbook/docs', tags: ['secret'] },
  { path: 'notes/2026/draft', tags: ['concept'] },
  { path: 'team/readme', tags: ['public'] },
  { path: 'archive', tags: [] },
];

const rule = (match: PageRule['match'], path: string, options: { deny?: boolean; roles?: string[]; locales?: string[] } = {}): PageRule => ({
  id: `${match}-${path}-${options.deny ? 'deny' : 'allow'}`,
  deny: options.deny ?? false,
  match,
  roles: options.roles ?? ['read:pages'],
  path,
  locales: options.locales ?? [],
});

/** The Guests group's page rules, one set at a time: every match type, allow and deny, and the tie-breaks. */
const RULE_SETS: Record<string, PageRule[]> = {
  'START everything (Wiki.js default)': [rule('START', '')],
  'START prefix, no slash boundary': [rule('START', 'docs')],
  'START allow, longer START deny': [rule('START', ''), rule('START', 'docs/secret', { deny: true })],
  'EXACT allow only': [rule('EXACT', 'docs/secret')],
  'EXACT deny inside START allow': [rule('START', 'docs'), rule('EXACT', 'docs/secret', { deny: true })],
  'END allow': [rule('END', 'readme'), rule('END', 'docs')],
  'END deny inside START allow': [rule('START', ''), rule('END', 'draft', { deny: true })],
  'REGEX allow': [rule('REGEX', '^notes/\\d{4}/'), rule('REGEX', 'secret$')],
  'REGEX deny, longer START allow wins': [rule('REGEX', 'secret', { deny: true }), rule('START', 'docs/secret')],
  'TAG allow': [rule('TAG', 'public')],
  'TAG deny inside START allow': [rule('START', ''), rule('TAG', 'secret', { deny: true })],
  'longer EXACT deny beats shorter TAG allow': [rule('TAG', 'public'), rule('EXACT', 'docs/intro', { deny: true })],
  'equal length: END after START replaces it': [rule('START', 'docs', { deny: true }), rule('END', 'plan')],
  'equal length: START after END does not replace it': [rule('END', 'plan'), rule('START', 'docs', { deny: true })],
  'equal length, same type: deny sticks': [rule('START', 'docs', { deny: true }), rule('START', 'docs')],
  'equal length, same type: later deny replaces allow': [rule('START', 'docs'), rule('START', 'docs', { deny: true })],
  'equal length: TAG after REGEX replaces it': [rule('REGEX', 'concep', { deny: true }), rule('TAG', 'public')],
  'rule limited to another locale': [rule('START', '', { locales: ['nl'] })],
  'rule limited to this locale': [rule('START', '', { locales: ['en'] }), rule('START', 'docs', { deny: true, locales: ['nl'] })],
  'rule for another permission': [rule('START', '', { roles: ['write:pages'] })],
};

describe('the stand-in Wiki.js against a real Wiki.js 2.5', function () {
  this.timeout(600000);
  let wiki: WikiHarness | undefined;
  let standIn: TestDatabase | undefined;

  before(async function () {
    wiki = await startedWiki(this);
    standIn = new TestDatabase(wiki.database.type);
    const unreachable = await standIn.open();
    if (unreachable) throw new Error(unreachable);
    await createWikiSchema(standIn.knex);
  });

  after(async () => {
    await standIn?.close();
    if (wiki && !process.env.AFW_KEEP_WIKI) await wiki.dispose();
  });

  it("has Wiki.js's tables with the same columns, types and nullability (after Wiki.js's own migrations)", async () => {
    const real = (wiki as WikiHarness).openDatabase();
    try {
      for (const table of WIKI_TABLES) {
        expect(await real.schema.hasTable(table), `real Wiki.js has table ${table}`).to.equal(true);
        const standInColumns = await columnsOf((standIn as TestDatabase).knex, table);
        const realColumns = await columnsOf(real, table);
        // Every column the stand-in has, as Wiki.js has it; and no column of Wiki.js missing.
        expect(standInColumns, table).to.deep.equal(realColumns);
      }
    } finally {
      await real.destroy();
    }
  });

  it("has the setup rows Wiki.js's setup writes (groups and their rules, the guest, memberships)", async () => {
    const real = (wiki as WikiHarness).openDatabase();
    try {
      const realRows = await setupRows(real);
      const standInRows = await setupRows((standIn as TestDatabase).knex);
      expect(standInRows.groups).to.deep.equal(realRows.groups);
      expect(standInRows.guest).to.deep.equal(realRows.guest);
      // The administrator's email is the test's own; its memberships and the guest's must match.
      expect(standInRows.memberships).to.deep.equal(realRows.memberships);
    } finally {
      await real.destroy();
    }
  });

  it("decides read access as Wiki.js's own page view does, for every match type, allow and deny", async () => {
    const harness = wiki as WikiHarness;
    for (const page of PAGES) await harness.createPage({ path: page.path, locale: 'en', title: page.path, content: `# ${page.path}`, tags: page.tags });
    const real = harness.openDatabase();
    const mismatches: string[] = [];
    const wikiDecisions: boolean[] = [];
    try {
      for (const [name, rules] of Object.entries(RULE_SETS)) {
        await harness.setGuestAccess(['read:pages', 'read:assets', 'read:comments'], rules);
        // The stand-in reads the same rows Wiki.js just wrote: groups, the guest user, its memberships.
        const policy = new PageRulesPolicy(await loadGroups(real));
        const guest = await loadUser(real, GUEST_USER_ID);
        if (!guest) throw new Error('no guest user');
        for (const page of PAGES) {
          const status = (await harness.page('en', page.path, false)).status;
          expect([200, 403], `${name}: ${page.path}`).to.include(status);
          const byWiki = status === 200;
          const byStandIn = policy.can(guest, 'read:pages', { path: page.path, locale: 'en', tags: page.tags });
          wikiDecisions.push(byWiki);
          if (byWiki !== byStandIn) mismatches.push(`${name}: ${page.path} Wiki.js ${byWiki ? 'allows' : 'denies'}, stand-in ${byStandIn ? 'allows' : 'denies'}`);
        }
      }
    } finally {
      await real.destroy();
    }
    expect(mismatches).to.deep.equal([]);
    // A grid of one answer would compare nothing.
    expect(wikiDecisions).to.include(true).and.to.include(false);
  });
});
