import { expect } from 'chai';
import { readdirSync } from 'fs';
import { join } from 'path';
import { migrations } from '../../migrations';
import { MIGRATIONS_TABLE, migrateLatest, migrateRollbackAll } from '../../server/store/migration-source';
import { createWikiSchema } from '../../dev/wikijs-schema';
import * as indexFrameworkDeclarations from '../../migrations/20261124A-index-framework-declarations';
import { describeEachDatabase } from '../support/databases';

const OWN_TABLES = ['agr_pages', 'agr_page_systems', 'agr_meta', 'agr_page_links'];

describe('migration files', () => {
  it('are named date, letter and kebab description, with unique ids in order', () => {
    const names = migrations.map((m) => m.name);
    for (const name of names) expect(name).to.match(/^\d{8}[A-Z]-[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(new Set(names).size).to.equal(names.length);
    expect([...names].sort()).to.deep.equal(names);
  });

  it('are all listed in migrations/index.ts', () => {
    const files = readdirSync(join(__dirname, '../../migrations'))
      .filter((f) => /^\d{8}/.test(f))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(migrations.map((m) => m.name)).to.deep.equal(files.sort());
  });
});

describeEachDatabase('migrations', (db) => {
  it('go up, down and up again, leaving Wiki.js tables alone', async () => {
    const { knex } = db;
    await createWikiSchema(knex);
    await migrateLatest(knex);
    for (const table of OWN_TABLES) expect(await knex.schema.hasTable(table), table).to.equal(true);
    expect(await knex.schema.hasTable(MIGRATIONS_TABLE)).to.equal(true);
    expect(await knex.schema.hasTable('migrations'), "Wiki.js's migrations table").to.equal(false);

    await migrateRollbackAll(knex);
    for (const table of OWN_TABLES) expect(await knex.schema.hasTable(table), table).to.equal(false);
    expect(await knex.schema.hasTable('pages')).to.equal(true);

    await migrateLatest(knex);
    for (const table of OWN_TABLES) expect(await knex.schema.hasTable(table), table).to.equal(true);
    const applied: Array<{ name: string }> = await knex(MIGRATIONS_TABLE).select('name');
    expect(applied.map((r) => r.name)).to.deep.equal(migrations.map((m) => m.name));
  });

  it('are a no-op when already at the latest version', async () => {
    await migrateLatest(db.knex);
    const applied: Array<{ name: string }> = await db.knex(MIGRATIONS_TABLE).select('name');
    expect(applied).to.have.length(migrations.length);
  });

  it('marks the framework-declaring pages of an existing index when the framework roles arrive', async () => {
    const { knex } = db;
    await migrateLatest(knex);
    const now = new Date().toISOString();
    const framework = { key: 'jeugd', labels: { nl: 'Jeugd', en: 'Youth' }, chapters: [], layers: [] };
    const row = (pageId: number, facts: unknown) => ({
      pageId,
      path: `p/${pageId}`,
      locale: 'nl',
      title: 'T',
      isPublished: true,
      tags: '[]',
      fingerprint: 'x',
      relevant: true,
      declares: true,
      facts: JSON.stringify(facts),
      indexedAt: now,
    });
    // As the first version wrote them: declaring pages without framework rows.
    await indexFrameworkDeclarations.down(knex);
    await knex('agr_pages').insert([row(901, { frameworks: [framework, { ...framework }] }), row(902, { frameworks: [] }), { ...row(903, null), facts: '{broken' }]);
    await indexFrameworkDeclarations.up(knex);
    const rows: Array<{ pageId: number; systemKey: string; role: string }> = await knex('agr_page_systems').select('pageId', 'systemKey', 'role');
    expect(rows.map((r) => [Number(r.pageId), r.systemKey, r.role])).to.deep.equal([[901, 'jeugd', 'framework']]);
    await knex('agr_page_systems').delete();
    await knex('agr_pages').delete();
  });
});
