/** What the GraphQL benchmarks share: a reader under page rules, and one query's answer. */
import type Knex from 'knex';
import { executeGraphql } from '../server/graph/standalone';
import type { devSchema } from '../dev/chain';
import { loadUser } from '../dev/page-rules';
import type { HostUser } from '../server/host/types';
import { insertGroup, insertUser } from '../dev/wikijs-schema';

export type Schema = ReturnType<typeof devSchema>;

/** A reader who may read everything but the pages under `deniedPath` and pages tagged `vertrouwelijk`: every page is checked. */
export async function ruledReader(knex: Knex, deniedPath: string): Promise<HostUser> {
  const group = await insertGroup(knex, {
    name: 'Lezers',
    permissions: ['read:pages'],
    pageRules: [
      { id: 'all', deny: false, match: 'START', roles: ['read:pages'], path: '', locales: [] },
      { id: 'not', deny: true, match: 'START', roles: ['read:pages'], path: deniedPath, locales: [] },
      { id: 'tag', deny: true, match: 'TAG', roles: ['read:pages'], path: 'vertrouwelijk', locales: [] },
    ],
  });
  return (await loadUser(knex, await insertUser(knex, { email: 'lezer@example.org', name: 'Lezer', groups: [group] }))) as HostUser;
}

/** The `agreements` part of a query's answer; an error answer throws. */
export async function answer<T>(schema: Schema, query: string, user: HostUser): Promise<T> {
  const result = await executeGraphql(schema, { query }, { user });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return (result.data as { agreements: T }).agreements;
}
