/**
 * The part of Wiki.js 2.5's database the extension reads or its tests need, created with knex the
 * way Wiki.js's migrations create it (2.0.0 plus later columns: users.lastLoginAt 2.3.10,
 * pages.extra and users.dateFormat/appearance 2.4.13, groups.redirectOnLogin 2.5.12), and writers
 * that behave like Wiki.js's models. Used by the DB tests, the dev app, GraphQL tests and benches;
 * test/e2e/wikijs-stand-in.test.ts compares the tables, columns and setup rows with Wiki.js's.
 *
 *   await createWikiSchema(knex);                      // tables + Wiki.js's setup rows (below)
 *   const id = await insertPage(knex, { path: 'a', title: 'A', tags: ['stelsel:x'] });
 *   await updatePage(knex, id, { content: '…', tags: ['stelsel:y'] });
 *   await renameTag(knex, 'stelsel:y', 'stelsel:z');  // admin "update tag"
 *   await insertPages(knex, generatePages(50_000));    // a large agreement wiki, quickly
 *   await dropWikiSchema(knex);
 *
 * Fidelity notes:
 * - MySQL/MariaDB tables get charset utf8mb4 and no collation, exactly like Wiki.js, so the
 *   database's accent-insensitive default applies: the unique index on `tags.tag` then treats
 *   `continuïteit` and `continuiteit` as one value, and `setPageTags` fails as Wiki.js does.
 * - Tags are trimmed, lower-cased and de-duplicated; existing tags are matched exactly in code
 *   (not by collation), missing ones inserted with `title = tag` (Wiki.js `associateTags`).
 * - Foreign keys to tables not created here (editors, authentication) are plain columns.
 *   SQLite does not enforce foreign keys (Wiki.js never enables them), so deletes here remove
 *   dependent rows themselves.
 * - Setup rows as Wiki.js's setup writes them: locale `en`; groups 1 Administrators
 *   (`manage:system`) and 2 Guests (read rules on every path); users 1 admin and 2 guest.
 */
import { createHash } from 'crypto';
import type Knex from 'knex';
import { MAX_VARIABLES, chunk, dialectOf, insertChunkSize, insertReturningId } from '../server/store/dialect';

/** Tables in creation order (dropped in reverse). */
export const WIKI_TABLES = ['locales', 'groups', 'users', 'userGroups', 'settings', 'pages', 'tags', 'pageTags'] as const;

export const ADMIN_USER_ID = 1;
export const GUEST_USER_ID = 2;
export const ADMIN_GROUP_ID = 1;
export const GUEST_GROUP_ID = 2;

/** A Wiki.js page rule (`groups.pageRules` entries). */
export interface WikiPageRule {
  id: string;
  deny: boolean;
  match: 'START' | 'EXACT' | 'END' | 'REGEX' | 'TAG';
  roles: string[];
  path: string;
  locales: string[];
}

export interface WikiPageInput {
  path: string;
  title: string;
  /** Default `en`; a missing locale row is created. */
  locale?: string;
  content?: string;
  /** `markdown` (default) or `html`. */
  contentType?: string;
  description?: string;
  /** Default true. */
  isPublished?: boolean;
  /** The publishing window as Wiki.js stores it (its editor writes `YYYY-MM-DD`); default `''`, none. */
  publishStartDate?: string;
  publishEndDate?: string;
  /** Tags as an author types them; stored the Wiki.js way. */
  tags?: string[];
  render?: string;
  authorId?: number;
  /** ISO timestamps; default now. */
  createdAt?: string;
  updatedAt?: string;
}

export type WikiPagePatch = Partial<Omit<WikiPageInput, 'createdAt'>>;

interface IdRow {
  id: number;
}

interface TagRow {
  id: number;
  tag: string;
}

interface PageTagJoinRow {
  pageId: number;
  tag: string;
}

interface VersionRow {
  version: string;
}

/**
 * Creates the tables and Wiki.js's setup rows (pass `seed: false` for bare tables). Longer than 80
 * lines on purpose: one table definition after another, in the order and shape of Wiki.js's own
 * migration, so it can be read side by side with it (test/e2e/wikijs-stand-in.test.ts compares them).
 */
export async function createWikiSchema(knex: Knex, options: { seed?: boolean } = {}): Promise<void> {
  const dialect = dialectOf(knex);
  const mariadb = dialect === 'mysql' && (await isMariaDb(knex));
  const charset = (table: Knex.CreateTableBuilder) => {
    if (dialect === 'mysql') table.charset('utf8mb4');
  };
  await knex.schema.createTable('locales', (table) => {
    charset(table);
    table.string('code', 5).notNullable().primary();
    table.json('strings');
    table.boolean('isRTL').notNullable().defaultTo(false);
    table.string('name').notNullable();
    table.string('nativeName').notNullable();
    table.integer('availability').notNullable().defaultTo(0);
    table.string('createdAt').notNullable();
    table.string('updatedAt').notNullable();
  });
  await knex.schema.createTable('groups', (table) => {
    charset(table);
    table.increments('id').primary();
    table.string('name').notNullable();
    table.json('permissions').notNullable();
    table.json('pageRules').notNullable();
    table.boolean('isSystem').notNullable().defaultTo(false);
    table.string('createdAt').notNullable();
    table.string('updatedAt').notNullable();
    table.string('redirectOnLogin').notNullable().defaultTo('/');
  });
  await knex.schema.createTable('users', (table) => {
    charset(table);
    table.increments('id').primary();
    table.string('email').notNullable();
    table.string('name').notNullable();
    table.string('providerId');
    table.string('password');
    table.boolean('tfaIsActive').notNullable().defaultTo(false);
    table.string('tfaSecret');
    table.string('jobTitle').defaultTo('');
    table.string('location').defaultTo('');
    table.string('pictureUrl');
    table.string('timezone').notNullable().defaultTo('America/New_York');
    table.boolean('isSystem').notNullable().defaultTo(false);
    table.boolean('isActive').notNullable().defaultTo(false);
    table.boolean('isVerified').notNullable().defaultTo(false);
    table.boolean('mustChangePwd').notNullable().defaultTo(false);
    table.string('createdAt').notNullable();
    table.string('updatedAt').notNullable();
    table.string('providerKey').notNullable().defaultTo('local');
    table.string('localeCode', 5).notNullable().defaultTo('en').references('code').inTable('locales');
    table.string('defaultEditor').notNullable().defaultTo('markdown');
    table.string('lastLoginAt');
    table.string('dateFormat').notNullable().defaultTo('');
    table.string('appearance').notNullable().defaultTo('');
    table.unique(['providerKey', 'email']);
  });
  await knex.schema.createTable('userGroups', (table) => {
    charset(table);
    table.increments('id').primary();
    table.integer('userId').unsigned().references('id').inTable('users').onDelete('CASCADE');
    table.integer('groupId').unsigned().references('id').inTable('groups').onDelete('CASCADE');
  });
  await knex.schema.createTable('settings', (table) => {
    charset(table);
    table.string('key').notNullable().primary();
    table.json('value');
    table.string('updatedAt').notNullable();
  });
  await knex.schema.createTable('pages', (table) => {
    charset(table);
    table.increments('id').primary();
    table.string('path').notNullable();
    table.string('hash').notNullable();
    table.string('title').notNullable();
    table.string('description');
    table.boolean('isPrivate').notNullable().defaultTo(false);
    table.boolean('isPublished').notNullable().defaultTo(false);
    table.string('privateNS');
    table.string('publishStartDate');
    table.string('publishEndDate');
    if (dialect === 'mysql') {
      table.specificType('content', 'LONGTEXT');
      table.specificType('render', 'LONGTEXT');
    } else if (dialect === 'mssql') {
      table.specificType('content', 'VARCHAR(max)');
      table.specificType('render', 'VARCHAR(max)');
    } else {
      table.text('content');
      table.text('render');
    }
    table.json('toc');
    table.string('contentType').notNullable();
    table.string('createdAt').notNullable();
    table.string('updatedAt').notNullable();
    table.string('editorKey');
    table.string('localeCode', 5).references('code').inTable('locales');
    table.integer('authorId').unsigned().references('id').inTable('users');
    table.integer('creatorId').unsigned().references('id').inTable('users');
    // 2.4.13: nullable on MySQL only (it allows no literal default on json); MariaDB takes it.
    if (dialect === 'mysql' && !mariadb) table.json('extra');
    else table.json('extra').notNullable().defaultTo('{}');
  });
  await knex.schema.createTable('tags', (table) => {
    charset(table);
    table.increments('id').primary();
    table.string('tag').notNullable().unique();
    table.string('title');
    table.string('createdAt').notNullable();
    table.string('updatedAt').notNullable();
  });
  await knex.schema.createTable('pageTags', (table) => {
    charset(table);
    table.increments('id').primary();
    table.integer('pageId').unsigned().references('id').inTable('pages').onDelete('CASCADE');
    table.integer('tagId').unsigned().references('id').inTable('tags').onDelete('CASCADE');
  });
  if (options.seed ?? true) await seedSetupRows(knex);
}

/** Drops the tables created by `createWikiSchema` (those that exist). */
export async function dropWikiSchema(knex: Knex): Promise<void> {
  for (const table of [...WIKI_TABLES].reverse()) await knex.schema.dropTableIfExists(table);
}

/** Wiki.js's `pages.hash`: sha1 of locale, path and private namespace joined by `|`. */
export function pageHash(locale: string, path: string): string {
  return createHash('sha1').update(`${locale}|${path}|`).digest('hex');
}

/** Wiki.js's tag normalisation: trimmed, lower-cased, unique, empty ones dropped. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()))].filter((t) => t.length > 0);
}

/** Inserts a page and its tags (tags after the page, as Wiki.js does); returns the page id. */
export async function insertPage(knex: Knex, input: WikiPageInput): Promise<number> {
  const row = pageRow(input);
  await ensureLocale(knex, row.localeCode);
  const id = await insertReturningId(knex, 'pages', row);
  if (input.tags?.length) await setPageTags(knex, id, input.tags);
  return id;
}

/**
 * Inserts many pages quickly (benches, large fixtures): pages, tags and pageTags in multi-row
 * inserts. Paths must be unique per locale. Returns the ids in input order.
 */
export async function insertPages(knex: Knex, inputs: readonly WikiPageInput[]): Promise<number[]> {
  const rows = inputs.map(pageRow);
  for (const locale of new Set(rows.map((r) => r.localeCode))) await ensureLocale(knex, locale);
  const columns = Object.keys(rows[0] ?? {}).length || 1;
  for (const part of chunk(rows, insertChunkSize(columns))) await knex('pages').insert(part);
  const idByHash = new Map<string, number>();
  for (const hashes of chunk(rows.map((r) => r.hash), MAX_VARIABLES)) {
    const found: Array<IdRow & { hash: string }> = await knex('pages').select('id', 'hash').whereIn('hash', hashes);
    for (const row of found) idByHash.set(row.hash, Number(row.id));
  }
  const ids = rows.map((r) => idByHash.get(r.hash) ?? 0);
  const tagsOf = inputs.map((input) => normaliseTags(input.tags ?? []));
  const tagIds = await ensureTags(knex, tagsOf.flat());
  const links = ids.flatMap((pageId, i) => tagsOf[i].map((tag) => ({ pageId, tagId: tagIds.get(tag) })));
  for (const part of chunk(links, insertChunkSize(2))) await knex('pageTags').insert(part);
  return ids;
}

/** Updates a page as Wiki.js's `updatePage` does: new `updatedAt`; tags replaced when given. */
export async function updatePage(knex: Knex, id: number, patch: WikiPagePatch): Promise<void> {
  const changes: Record<string, unknown> = { updatedAt: patch.updatedAt ?? new Date().toISOString() };
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.content !== undefined) changes.content = patch.content;
  if (patch.contentType !== undefined) changes.contentType = patch.contentType;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.isPublished !== undefined) changes.isPublished = patch.isPublished;
  if (patch.publishStartDate !== undefined) changes.publishStartDate = patch.publishStartDate;
  if (patch.publishEndDate !== undefined) changes.publishEndDate = patch.publishEndDate;
  if (patch.render !== undefined) changes.render = patch.render;
  if (patch.path !== undefined || patch.locale !== undefined) {
    const current: { path: string; localeCode: string } | undefined = await knex('pages').first('path', 'localeCode').where({ id });
    if (!current) throw new Error(`No page ${id}`);
    const path = patch.path ?? current.path;
    const locale = patch.locale ?? current.localeCode;
    await ensureLocale(knex, locale);
    Object.assign(changes, { path, localeCode: locale, hash: pageHash(locale, path) });
  }
  await knex('pages').where({ id }).update(changes);
  if (patch.tags) await setPageTags(knex, id, patch.tags);
}

/** Moves a page (Wiki.js `movePage`): path and locale change, the id stays. */
export async function movePage(knex: Knex, id: number, path: string, locale?: string): Promise<void> {
  await updatePage(knex, id, { path, locale });
}

/** Deletes a page and its tag relations. */
export async function deletePage(knex: Knex, id: number): Promise<void> {
  await knex('pageTags').where({ pageId: id }).delete();
  await knex('pages').where({ id }).delete();
}

/**
 * Wiki.js's `associateTags`: normalise, insert missing tags, then relate and unrelate so the
 * page has exactly these. Throws where Wiki.js throws (MariaDB duplicate on accent variants).
 */
export async function setPageTags(knex: Knex, pageId: number, tags: readonly string[]): Promise<void> {
  const wanted = normaliseTags(tags);
  const tagIds = await ensureTags(knex, wanted);
  const current: TagRow[] = await knex('pageTags').join('tags', 'tags.id', 'pageTags.tagId').select('tags.id as id', 'tags.tag as tag').where('pageTags.pageId', pageId);
  const currentIds = new Set(current.map((row) => Number(row.id)));
  const wantedIds = new Set(wanted.map((tag) => tagIds.get(tag) as number));
  const relate = [...wantedIds].filter((id) => !currentIds.has(id)).map((tagId) => ({ pageId, tagId }));
  if (relate.length) await knex('pageTags').insert(relate);
  const unrelate = [...currentIds].filter((id) => !wantedIds.has(id));
  if (unrelate.length) await knex('pageTags').where({ pageId }).whereIn('tagId', unrelate).delete();
}

/** The page's tags as Wiki.js returns them, sorted. */
export async function readPageTags(knex: Knex, pageId: number): Promise<string[]> {
  const rows: PageTagJoinRow[] = await knex('pageTags').join('tags', 'tags.id', 'pageTags.tagId').select('pageTags.pageId as pageId', 'tags.tag as tag').where('pageTags.pageId', pageId);
  return rows.map((row) => row.tag).sort();
}

/** Admin "update tag" (`pages.updateTag`): renames the tag for every page that has it. */
export async function renameTag(knex: Knex, from: string, to: string): Promise<void> {
  const tag = await exactTag(knex, from);
  const next = normaliseTags([to])[0];
  await knex('tags').where({ id: tag.id }).update({ tag: next, title: next, updatedAt: new Date().toISOString() });
}

/** Admin "delete tag" (`pages.deleteTag`): unrelates it from every page, then deletes it. */
export async function deleteTag(knex: Knex, tag: string): Promise<void> {
  const row = await exactTag(knex, tag);
  await knex('pageTags').where({ tagId: row.id }).delete();
  await knex('tags').where({ id: row.id }).delete();
}

/** Inserts a group; returns its id. */
export async function insertGroup(knex: Knex, group: { name: string; permissions: string[]; pageRules: WikiPageRule[]; isSystem?: boolean }): Promise<number> {
  const now = new Date().toISOString();
  return insertReturningId(knex, 'groups', {
    name: group.name,
    permissions: JSON.stringify(group.permissions),
    pageRules: JSON.stringify(group.pageRules),
    isSystem: group.isSystem ?? false,
    createdAt: now,
    updatedAt: now,
  });
}

/** Inserts an active local user in these groups; returns its id. */
export async function insertUser(knex: Knex, user: { email: string; name: string; groups: number[]; isSystem?: boolean }): Promise<number> {
  const now = new Date().toISOString();
  const id = await insertReturningId(knex, 'users', { email: user.email, name: user.name, isSystem: user.isSystem ?? false, isActive: true, isVerified: true, createdAt: now, updatedAt: now });
  if (user.groups.length) await knex('userGroups').insert(user.groups.map((groupId) => ({ userId: id, groupId })));
  return id;
}

const COLUMNS = ['dienstverlening', 'klantrelatie', 'gezond-werk', 'financiering', 'borgen', 'leren'];
const LAYERS = ['normen', 'werkafspraken', 'techniek'];
const STATUSES = ['concept', 'in-de-maak', 'vastgesteld', 'gevalideerd', 'vervallen'];
const FILLER = 'Afspraken tussen huisartsen, buurtteams en fysiotherapeuten in de wijk. '.repeat(24);

/**
 * A deterministic wiki of `count` pages over `systems` systems: per system one system page, 30 %
 * agreement pages (tags and an `afspraak` block) and the rest ordinary pages with other tags;
 * about 2 kB of content each, as in a real wiki.
 */
export function generatePages(count: number, options: { systems?: number; prefix?: string } = {}): WikiPageInput[] {
  const systems = options.systems ?? 10;
  const prefix = options.prefix ?? 'gen';
  const updatedAt = '2024-01-01T00:00:00.000Z';
  return Array.from({ length: count }, (_, i): WikiPageInput => {
    const system = `${prefix}-stelsel-${i % systems}`;
    const path = `${prefix}/${i % systems}/pagina-${i}`;
    if (i < systems) {
      const content = `# Stelsel ${i}\n\n\`\`\`afsprakenstelsel\nkey: ${system}\ntitel: Stelsel ${i}\nthemas:\n  - { key: solk, titel: SOLK }\n\`\`\`\n\n${FILLER}`;
      return { path, title: `Stelsel ${i}`, content, tags: [`stelsel:${system}`], updatedAt };
    }
    if (i % 10 < 3) {
      const column = COLUMNS[i % COLUMNS.length];
      const layer = LAYERS[i % LAYERS.length];
      const status = STATUSES[i % STATUSES.length];
      const block = `\`\`\`afspraak\nstelsel: ${system}\nthema: solk\npartijen: [huisartsen, buurtteam]\neigenaar: Team ${i % 7}\n\`\`\``;
      return { path, title: `Afspraak ${i}`, content: `# Afspraak ${i}\n\n${block}\n\n${FILLER}`, tags: [`stelsel:${system}`, `kolom:${column}`, `laag:${layer}`, `status:${status}`], updatedAt };
    }
    return { path, title: `Pagina ${i}`, content: `# Pagina ${i}\n\n${FILLER}`, tags: [`onderwerp-${i % 50}`, 'wijk'], updatedAt };
  });
}

async function seedSetupRows(knex: Knex): Promise<void> {
  await ensureLocale(knex, 'en');
  await insertGroup(knex, { name: 'Administrators', permissions: ['manage:system'], pageRules: [], isSystem: true });
  const guestRoles = ['read:pages', 'read:assets', 'read:comments'];
  await insertGroup(knex, {
    name: 'Guests',
    permissions: guestRoles,
    pageRules: [{ id: 'guest', roles: guestRoles, match: 'START', deny: false, path: '', locales: [] }],
    isSystem: true,
  });
  await insertUser(knex, { email: 'admin@example.com', name: 'Administrator', groups: [ADMIN_GROUP_ID] });
  await insertUser(knex, { email: 'guest@example.com', name: 'Guest', groups: [GUEST_GROUP_ID], isSystem: true });
}

function pageRow(input: WikiPageInput) {
  const now = new Date().toISOString();
  const locale = input.locale ?? 'en';
  return {
    path: input.path,
    hash: pageHash(locale, input.path),
    title: input.title,
    description: input.description ?? '',
    isPrivate: false,
    isPublished: input.isPublished ?? true,
    privateNS: '',
    publishStartDate: input.publishStartDate ?? '',
    publishEndDate: input.publishEndDate ?? '',
    content: input.content ?? '',
    render: input.render ?? '',
    toc: '[]',
    contentType: input.contentType ?? 'markdown',
    createdAt: input.createdAt ?? now,
    updatedAt: input.updatedAt ?? input.createdAt ?? now,
    editorKey: input.contentType === 'html' ? 'ckeditor' : 'markdown',
    localeCode: locale,
    authorId: input.authorId ?? ADMIN_USER_ID,
    creatorId: input.authorId ?? ADMIN_USER_ID,
    extra: '{}',
  };
}

async function ensureLocale(knex: Knex, code: string): Promise<void> {
  if (await knex('locales').first('code').where({ code })) return;
  const now = new Date().toISOString();
  await knex('locales').insert({ code, strings: '{}', isRTL: false, name: code, nativeName: code, availability: 100, createdAt: now, updatedAt: now });
}

/** Ids of these (normalised) tags, inserting the missing ones; matching is exact, in code. */
async function ensureTags(knex: Knex, tags: readonly string[]): Promise<Map<string, number>> {
  const existing: TagRow[] = await knex('tags').select('id', 'tag');
  const ids = new Map(existing.map((row) => [row.tag, Number(row.id)]));
  const now = new Date().toISOString();
  const missing = [...new Set(tags)].filter((tag) => !ids.has(tag));
  // One insert per tag, as Wiki.js does outside PostgreSQL: a collation duplicate fails here.
  for (const part of chunk(missing, insertChunkSize(4))) {
    if (dialectOf(knex) === 'postgres') await knex('tags').insert(part.map((tag) => ({ tag, title: tag, createdAt: now, updatedAt: now })));
    else for (const tag of part) await knex('tags').insert({ tag, title: tag, createdAt: now, updatedAt: now });
  }
  if (missing.length) {
    const inserted: TagRow[] = await knex('tags').select('id', 'tag');
    for (const row of inserted) ids.set(row.tag, Number(row.id));
  }
  return ids;
}

async function exactTag(knex: Knex, tag: string): Promise<TagRow> {
  const wanted = normaliseTags([tag])[0];
  const rows: TagRow[] = await knex('tags').select('id', 'tag').where({ tag: wanted });
  const row = rows.find((r) => r.tag === wanted);
  if (!row) throw new Error(`No tag ${wanted}`);
  return row;
}

async function isMariaDb(knex: Knex): Promise<boolean> {
  const [rows] = (await knex.raw('select version() as version')) as [VersionRow[]];
  return /mariadb/i.test(rows[0]?.version ?? '');
}
