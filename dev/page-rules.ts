/**
 * Wiki.js 2.5's access semantics (core/auth.js `checkAccess` and `_applyPageRuleSpecificity`),
 * re-implemented over the `groups` / `userGroups` tables for where no Wiki.js runs: the dev app,
 * the tests and the benchmark. Inside Wiki.js the real `WIKI.auth.checkAccess` is used instead;
 * test/e2e/wikijs-stand-in.test.ts compares this one's decisions with Wiki.js's own page view.
 *
 * The rules, as Wiki.js applies them:
 * - `manage:system` among the user's global permissions always passes;
 * - otherwise the permission must be among the global permissions (the union of the groups');
 * - without a page that is enough; with a page, a page rule of one of the user's groups must
 *   match: rules whose `locales` are set apply only there, and only rules naming the permission
 *   among their `roles` count;
 * - of the matching rules the one with the longest `path` wins; on equal length a later rule
 *   replaces the current one unless the current match type ranks higher (EXACT > TAG > REGEX >
 *   END > START) or the current one is a deny of the same match type (deny is sticky on ties);
 * - access = a rule matched and the winning rule does not deny.
 */
import type Knex from 'knex';
import type { AccessPolicy, AccessTarget, HostUser, Permission } from '../server/host/types';

export type PageRuleMatch = 'START' | 'EXACT' | 'END' | 'REGEX' | 'TAG';

export interface PageRule {
  deny: boolean;
  match: PageRuleMatch;
  /** Permissions the rule concerns (`read:pages`, `write:pages`…). */
  roles: string[];
  /** A path (no leading slash), a regular expression, or a tag for TAG rules. */
  path: string;
  /** Locale codes the rule is limited to; empty = all. */
  locales: string[];
}

export interface GroupDefinition {
  id: number;
  permissions: string[];
  pageRules: PageRule[];
}

/** Match types a rule of the given type may not replace at equal specificity. */
const HIGHER_PRIORITY: Record<PageRuleMatch, readonly PageRuleMatch[]> = {
  START: ['END', 'REGEX', 'EXACT', 'TAG'],
  END: ['REGEX', 'EXACT', 'TAG'],
  REGEX: ['EXACT', 'TAG'],
  TAG: ['EXACT'],
  EXACT: [],
};

interface CheckState {
  deny: boolean;
  match: PageRuleMatch | null;
  specificity: string;
}

function applySpecificity(rule: PageRule, state: CheckState): CheckState {
  if (rule.path.length === state.specificity.length) {
    if (state.match !== null && HIGHER_PRIORITY[rule.match].includes(state.match)) return state;
    if (rule.match === state.match && state.deny && !rule.deny) return state;
  } else if (rule.path.length < state.specificity.length) {
    return state;
  }
  return { deny: rule.deny, match: rule.match, specificity: rule.path };
}

/** A page rule ready to test: its path with the leading slash, its expression compiled once. */
interface CompiledRule {
  rule: PageRule;
  /** `/` + path, for START and EXACT. */
  slashPath: string;
  /** REGEX rules: the compiled expression; null when it does not compile (never matches). */
  regex: RegExp | null;
  locales: ReadonlySet<string> | null;
}

function compileRule(rule: PageRule): CompiledRule {
  let regex: RegExp | null = null;
  if (rule.match === 'REGEX') {
    try {
      regex = new RegExp(rule.path);
    } catch {
      // Wiki.js would fail the whole request on a broken expression; here it simply never matches.
      regex = null;
    }
  }
  return { rule, slashPath: `/${rule.path}`, regex, locales: rule.locales.length > 0 ? new Set(rule.locales) : null };
}

/** A rule as `can` tests it: its expression compiled on the spot, as Wiki.js does per check. */
function uncompiled(rule: PageRule): CompiledRule {
  return rule.match === 'REGEX' ? compileRule(rule) : { rule, slashPath: `/${rule.path}`, regex: null, locales: null };
}

function ruleMatches(compiled: CompiledRule, page: AccessTarget, slashPath: string): boolean {
  const { rule } = compiled;
  switch (rule.match) {
    case 'START':
      return slashPath.startsWith(compiled.slashPath);
    case 'END':
      return page.path.endsWith(rule.path);
    case 'REGEX':
      // No flags, so `test` keeps no state between pages.
      return compiled.regex !== null && compiled.regex.test(page.path);
    case 'TAG':
      // Only TAG rules read the tags (a page may hand them over lazily).
      return page.tags.includes(rule.path);
    case 'EXACT':
      return slashPath === compiled.slashPath;
  }
}

/** One user's access check with everything about the user worked out once. */
export type PreparedAccess = (permission: Permission, page?: AccessTarget) => boolean;

export class PageRulesPolicy implements AccessPolicy {
  private readonly groups: Map<number, GroupDefinition>;

  constructor(groups: readonly GroupDefinition[]) {
    this.groups = new Map(groups.map((g) => [g.id, g]));
  }

  /** The user's global permissions: as carried on the user, else the union of its groups'. */
  permissionsOf(user: HostUser): string[] {
    if (user.permissions) return user.permissions;
    return [...new Set(user.groups.flatMap((id) => this.groups.get(id)?.permissions ?? []))];
  }

  /** One check, worked out from scratch as Wiki.js's `checkAccess` does (see `prepare` for many). */
  can(user: HostUser, permission: Permission, page?: AccessTarget): boolean {
    const permissions = this.permissionsOf(user);
    if (permissions.includes('manage:system')) return true;
    if (!permissions.includes(permission)) return false;
    if (!page) return true;
    const slashPath = `/${page.path}`;
    let state: CheckState = { deny: false, match: null, specificity: '' };
    for (const groupId of user.groups) {
      for (const rule of this.groups.get(groupId)?.pageRules ?? []) {
        if (rule.locales.length > 0 && !rule.locales.includes(page.locale)) continue;
        if (!rule.roles.includes(permission)) continue;
        if (ruleMatches(uncompiled(rule), page, slashPath)) state = applySpecificity(rule, state);
      }
    }
    return state.match !== null && !state.deny;
  }

  /**
   * The check for one user (one request): global permissions and, per permission, the user's
   * rules in group order with expressions compiled, worked out once instead of once per page.
   */
  prepare(user: HostUser): PreparedAccess {
    const permissions = new Set(this.permissionsOf(user));
    if (permissions.has('manage:system')) return () => true;
    const rulesByPermission = new Map<Permission, CompiledRule[]>();
    const rulesFor = (permission: Permission): CompiledRule[] => {
      let rules = rulesByPermission.get(permission);
      if (!rules) {
        rules = [];
        for (const groupId of user.groups) {
          for (const rule of this.groups.get(groupId)?.pageRules ?? []) {
            if (rule.roles.includes(permission)) rules.push(compileRule(rule));
          }
        }
        rulesByPermission.set(permission, rules);
      }
      return rules;
    };
    return (permission, page) => {
      if (!permissions.has(permission)) return false;
      if (!page) return true;
      const slashPath = `/${page.path}`;
      let state: CheckState = { deny: false, match: null, specificity: '' };
      for (const compiled of rulesFor(permission)) {
        if (compiled.locales !== null && !compiled.locales.has(page.locale)) continue;
        if (ruleMatches(compiled, page, slashPath)) state = applySpecificity(compiled.rule, state);
      }
      return state.match !== null && !state.deny;
    };
  }
}

/** JSON columns come back parsed (PostgreSQL) or as text (SQLite, MySQL): read both. */
function jsonColumn(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const MATCHES: readonly PageRuleMatch[] = ['START', 'EXACT', 'END', 'REGEX', 'TAG'];

function toPageRule(value: unknown): PageRule | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const raw = value as Record<string, unknown>;
  const match = MATCHES.find((m) => m === raw.match);
  if (!match || typeof raw.path !== 'string') return undefined;
  return { deny: raw.deny === true, match, roles: stringList(raw.roles), path: raw.path, locales: stringList(raw.locales) };
}

/** Reads every group with its permissions and page rules from Wiki.js's `groups` table. */
export async function loadGroups(knex: Knex): Promise<GroupDefinition[]> {
  const rows: Array<{ id: number; permissions: unknown; pageRules: unknown }> = await knex('groups').select('id', 'permissions', 'pageRules');
  return rows.map((row) => {
    const rules = jsonColumn(row.pageRules);
    return {
      id: Number(row.id),
      permissions: stringList(jsonColumn(row.permissions)),
      pageRules: Array.isArray(rules) ? rules.map(toPageRule).filter((r): r is PageRule => r !== undefined) : [],
    };
  });
}

/** Wiki.js's guest user (setup creates it with id 2, in the Guests group). */
export const GUEST_USER_ID = 2;

/** A user with its group ids and locale, as Wiki.js would put it on the request. */
export async function loadUser(knex: Knex, userId: number): Promise<HostUser | undefined> {
  const user: { id: number; localeCode?: string } | undefined = await knex('users').select('id', 'localeCode').where('id', userId).first();
  if (!user) return undefined;
  const memberships: Array<{ groupId: number }> = await knex('userGroups').select('groupId').where('userId', userId);
  return { id: Number(user.id), groups: memberships.map((m) => Number(m.groupId)), locale: user.localeCode };
}
