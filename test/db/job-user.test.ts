import { expect } from 'chai';
import { restoreJobUser } from '../../server/host/job-user';
import { createWikiSchema, insertGroup, insertUser } from '../../dev/wikijs-schema';
import { describeEachDatabase } from '../support/databases';

describeEachDatabase("an import job's user, looked up again after a restart", (db) => {
  let writers: number;
  let readers: number;
  let user: number;

  before(async () => {
    await createWikiSchema(db.knex);
    writers = await insertGroup(db.knex, { name: 'Schrijvers', permissions: ['read:pages', 'write:pages'], pageRules: [] });
    readers = await insertGroup(db.knex, { name: 'Lezers', permissions: ['read:pages', 'read:comments'], pageRules: [] });
    user = await insertUser(db.knex, { email: 'auteur@example.org', name: 'Auteur', groups: [writers, readers] });
  });

  it('is the user as Wiki.js hands it to its page API, in the groups it had when the job started', async () => {
    const restored = await restoreJobUser(db.knex, { id: user, groups: [writers] });
    expect(restored).to.include({ id: user });
    expect(restored?.groups).to.deep.equal([writers]);
    expect(restored?.permissions).to.deep.equal(['read:pages', 'write:pages']);
    const raw = restored?.raw as { id: number; email: string; getGlobalPermissions(): string[]; getGroups(): number[] };
    expect(raw).to.include({ id: user, email: 'auteur@example.org' });
    expect(raw.getGlobalPermissions()).to.deep.equal(['read:pages', 'write:pages']);
    expect(raw.getGroups()).to.deep.equal([writers]);
  });

  it('gains no group it joined since, and loses one it left', async () => {
    const both = await restoreJobUser(db.knex, { id: user, groups: [writers, readers] });
    expect(both?.groups.slice().sort()).to.deep.equal([writers, readers].sort());
    await db.knex('userGroups').where({ userId: user, groupId: writers }).delete();
    try {
      expect(await restoreJobUser(db.knex, { id: user, groups: [writers] })).to.equal(undefined);
      expect((await restoreJobUser(db.knex, { id: user, groups: [writers, readers] }))?.groups).to.deep.equal([readers]);
    } finally {
      await db.knex('userGroups').insert({ userId: user, groupId: writers });
    }
  });

  it('is not restored when the user is deactivated or gone', async () => {
    await db.knex('users').where({ id: user }).update({ isActive: false });
    try {
      expect(await restoreJobUser(db.knex, { id: user, groups: [writers] })).to.equal(undefined);
    } finally {
      await db.knex('users').where({ id: user }).update({ isActive: true });
    }
    expect(await restoreJobUser(db.knex, { id: 9999, groups: [writers] })).to.equal(undefined);
  });
});
