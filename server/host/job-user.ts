/**
 * The acting user of an import job, looked up again in Wiki.js's tables when the job is resumed
 * after a restart, as Wiki.js's own request user (`req.user`): what its page API checks and
 * records as the author.
 */
import type Knex from 'knex';
import { readBoolean, readJson } from '../store/dialect';
import type { StoredUser } from '../service/import-service';
import type { HostUser } from './types';

/**
 * The user as they are now, in no group they were not in when the job started (an API key acts
 * as user 1 in the key's group only) and in none they have left since; undefined (the job is then
 * reported as interrupted) when the user is gone, deactivated, or in none of those groups.
 */
export async function restoreJobUser(knex: Knex, stored: StoredUser): Promise<HostUser | undefined> {
  const user: { id: number; email: string; name: string; isActive: unknown; localeCode: string } | undefined = await knex('users')
    .first('id', 'email', 'name', 'isActive', 'localeCode')
    .where({ id: stored.id });
  if (!user || !readBoolean(user.isActive)) return undefined;
  const rows: Array<{ id: number; permissions: unknown }> = await knex('userGroups')
    .join('groups', 'groups.id', 'userGroups.groupId')
    .where('userGroups.userId', stored.id)
    .select('groups.id', 'groups.permissions');
  const started = new Set(stored.groups.map(Number));
  const groupRows = rows.filter((row) => started.has(Number(row.id)));
  if (groupRows.length === 0) return undefined;
  const groups = groupRows.map((row) => Number(row.id));
  const permissions = [...new Set(groupRows.flatMap((row) => (readJson(row.permissions) as unknown[] | undefined) ?? []).filter((p): p is string => typeof p === 'string'))];
  // As Wiki.js's authentication middleware hands a user to its page API (core/auth.js).
  const raw = {
    id: Number(user.id),
    email: user.email,
    name: user.name,
    localeCode: user.localeCode,
    groups,
    permissions,
    getGlobalPermissions: () => permissions,
    getGroups: () => groups,
  };
  return { id: Number(user.id), groups, permissions, locale: user.localeCode, raw };
}
