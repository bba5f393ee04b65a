import { expect } from 'chai';
import fc from 'fast-check';
import { PageRulesPolicy, type GroupDefinition, type PageRule } from '../../dev/page-rules';
import type { AccessTarget, HostUser, Permission } from '../../server/host/types';

const rule = (match: PageRule['match'], path: string, extra: Partial<PageRule> = {}): PageRule => ({
  deny: false,
  match,
  roles: ['read:pages'],
  path,
  locales: [],
  ...extra,
});

const page = (path: string, tags: string[] = [], locale = 'nl'): AccessTarget => ({ path, locale, tags });

/** A policy with one group (id 10) holding `read:pages` and the given rules, and its member. */
function single(rules: PageRule[], permissions = ['read:pages']): { policy: PageRulesPolicy; user: HostUser } {
  return { policy: new PageRulesPolicy([{ id: 10, permissions, pageRules: rules }]), user: { id: 5, groups: [10] } };
}

describe('page rules (Wiki.js access semantics without Wiki.js)', () => {
  it('lets manage:system through without any page rule', () => {
    const { policy, user } = single([], ['manage:system']);
    expect(policy.can(user, 'read:pages', page('x'))).to.equal(true);
  });

  it('refuses when the global permission is missing, whatever the rules say', () => {
    const { policy, user } = single([rule('START', '')], ['write:pages']);
    expect(policy.can(user, 'read:pages', page('x'))).to.equal(false);
  });

  it('grants a global permission without a page', () => {
    const { policy, user } = single([]);
    expect(policy.can(user, 'read:pages')).to.equal(true);
  });

  it('refuses a page when no rule matches it', () => {
    const { policy, user } = single([rule('START', 'public')]);
    expect(policy.can(user, 'read:pages', page('private/a'))).to.equal(false);
  });

  it('matches START on the path prefix, the empty path matching every page', () => {
    const { policy, user } = single([rule('START', 'kb')]);
    expect(policy.can(user, 'read:pages', page('kb/solk'))).to.equal(true);
    expect(policy.can(user, 'read:pages', page('kbx'))).to.equal(true);
    expect(policy.can(user, 'read:pages', page('other/kb'))).to.equal(false);
    expect(single([rule('START', '')]).policy.can(user, 'read:pages', page('anything'))).to.equal(true);
  });

  it('matches EXACT on the whole path only', () => {
    const { policy, user } = single([rule('EXACT', 'kb/solk')]);
    expect(policy.can(user, 'read:pages', page('kb/solk'))).to.equal(true);
    expect(policy.can(user, 'read:pages', page('kb/solk/sub'))).to.equal(false);
  });

  it('matches END on the end of the path', () => {
    const { policy, user } = single([rule('END', '/openbaar')]);
    expect(policy.can(user, 'read:pages', page('kb/openbaar'))).to.equal(true);
    expect(policy.can(user, 'read:pages', page('kb/openbaar/x'))).to.equal(false);
  });

  it('matches REGEX against the path, and a broken expression never matches', () => {
    const { policy, user } = single([rule('REGEX', '^kb/[a-z]+$'), rule('REGEX', '([')]);
    expect(policy.can(user, 'read:pages', page('kb/solk'))).to.equal(true);
    expect(policy.can(user, 'read:pages', page('kb/solk/2'))).to.equal(false);
  });

  it('matches TAG on one of the page tags, exactly as stored', () => {
    const { policy, user } = single([rule('TAG', 'stelsel:kb-overvecht')]);
    expect(policy.can(user, 'read:pages', page('x', ['stelsel:kb-overvecht']))).to.equal(true);
    expect(policy.can(user, 'read:pages', page('x', ['stelsel:kb-noordwest']))).to.equal(false);
  });

  it('applies a rule limited to locales only in those locales', () => {
    const { policy, user } = single([rule('START', '', { locales: ['en'] })]);
    expect(policy.can(user, 'read:pages', page('a', [], 'en'))).to.equal(true);
    expect(policy.can(user, 'read:pages', page('a', [], 'nl'))).to.equal(false);
  });

  it('only counts rules whose roles include the permission asked for', () => {
    const { policy, user } = single([rule('START', '', { roles: ['write:pages'] })], ['read:pages', 'write:pages']);
    expect(policy.can(user, 'read:pages', page('a'))).to.equal(false);
    expect(policy.can(user, 'write:pages', page('a'))).to.equal(true);
  });

  it('lets the longest path win, whether it allows or denies', () => {
    const denyDeeper = single([rule('START', ''), rule('START', 'geheim', { deny: true })]);
    expect(denyDeeper.policy.can(denyDeeper.user, 'read:pages', page('geheim/a'))).to.equal(false);
    expect(denyDeeper.policy.can(denyDeeper.user, 'read:pages', page('open/a'))).to.equal(true);
    const allowDeeper = single([rule('START', 'geheim/open'), rule('START', 'geheim', { deny: true })]);
    expect(allowDeeper.policy.can(allowDeeper.user, 'read:pages', page('geheim/open/a'))).to.equal(true);
  });

  it('keeps a deny on a tie with an allow of the same match type, in either order', () => {
    const denyFirst = single([rule('START', 'kb', { deny: true }), rule('START', 'kb')]);
    expect(denyFirst.policy.can(denyFirst.user, 'read:pages', page('kb/a'))).to.equal(false);
    const allowFirst = single([rule('START', 'kb'), rule('START', 'kb', { deny: true })]);
    expect(allowFirst.policy.can(allowFirst.user, 'read:pages', page('kb/a'))).to.equal(false);
  });

  it('ranks match types on a tie: EXACT over TAG over REGEX over END over START', () => {
    // Same path length (2 characters) for every rule, so only the match type decides.
    const exactAllows = single([rule('EXACT', 'kb'), rule('START', 'kb', { deny: true })]);
    expect(exactAllows.policy.can(exactAllows.user, 'read:pages', page('kb'))).to.equal(true);
    const tagDenies = single([rule('TAG', 'ab', { deny: true }), rule('START', 'kb'), rule('END', 'kb')]);
    expect(tagDenies.policy.can(tagDenies.user, 'read:pages', page('kb', ['ab']))).to.equal(false);
    const endAllows = single([rule('START', 'kb', { deny: true }), rule('END', 'kb')]);
    expect(endAllows.policy.can(endAllows.user, 'read:pages', page('kb'))).to.equal(true);
    const startCannotOverrideEnd = single([rule('END', 'kb'), rule('START', 'kb', { deny: true })]);
    expect(startCannotOverrideEnd.policy.can(startCannotOverrideEnd.user, 'read:pages', page('kb'))).to.equal(true);
  });

  it('lets a tag rule with a longer value beat a shorter path rule', () => {
    const { policy, user } = single([rule('START', '', { deny: false }), rule('TAG', 'vertrouwelijk', { deny: true })]);
    expect(policy.can(user, 'read:pages', page('kb/a', ['vertrouwelijk']))).to.equal(false);
    expect(policy.can(user, 'read:pages', page('kb/a'))).to.equal(true);
  });

  it('combines the rules of all the user groups', () => {
    const groups: GroupDefinition[] = [
      { id: 1, permissions: ['read:pages'], pageRules: [rule('START', 'a')] },
      { id: 2, permissions: [], pageRules: [rule('START', 'b')] },
    ];
    const policy = new PageRulesPolicy(groups);
    const user: HostUser = { id: 7, groups: [1, 2] };
    expect(policy.can(user, 'read:pages', page('a/x'))).to.equal(true);
    expect(policy.can(user, 'read:pages', page('b/x'))).to.equal(true);
    expect(policy.can(user, 'read:pages', page('c/x'))).to.equal(false);
  });

  it('uses the permissions carried on the user when present, as Wiki.js does for API keys', () => {
    const policy = new PageRulesPolicy([{ id: 1, permissions: [], pageRules: [rule('START', '')] }]);
    expect(policy.can({ id: 1, groups: [1], permissions: ['read:pages'] }, 'read:pages', page('a'))).to.equal(true);
    expect(policy.can({ id: 1, groups: [1] }, 'read:pages', page('a'))).to.equal(false);
  });

  it('answers the same from a check prepared once per user as rule by rule (the algorithm as first written)', () => {
    const matches: PageRule['match'][] = ['START', 'EXACT', 'END', 'REGEX', 'TAG'];
    const paths = ['', 'kb', 'kb/a', 'a', 'kb/a/b', '^kb/[a-z]+$', '([', 'x', 'vertrouwelijk'];
    const ruleArb = fc.record({
      deny: fc.boolean(),
      match: fc.constantFrom(...matches),
      roles: fc.subarray(['read:pages', 'write:pages']),
      path: fc.constantFrom(...paths),
      locales: fc.subarray(['nl', 'en']),
    });
    const groupArb = fc.record({ permissions: fc.subarray(['read:pages', 'write:pages', 'manage:system']), pageRules: fc.array(ruleArb, { maxLength: 6 }) });
    const pageArb = fc.record({ path: fc.constantFrom('kb', 'kb/a', 'kb/a/b', 'a', 'x/kb', 'kb/ab'), locale: fc.constantFrom('nl', 'en'), tags: fc.subarray(['vertrouwelijk', 'kb', 'x']) });
    fc.assert(
      fc.property(fc.array(groupArb, { minLength: 1, maxLength: 3 }), fc.array(pageArb, { minLength: 1, maxLength: 5 }), fc.constantFrom<Permission>('read:pages', 'write:pages'), (groupList, pages, permission) => {
        const groups = groupList.map((g, i) => ({ id: i + 1, ...g }));
        const policy = new PageRulesPolicy(groups);
        const user: HostUser = { id: 3, groups: groups.map((g) => g.id) };
        const check = policy.prepare(user);
        for (const target of pages) {
          const expected = referenceCan(groups, user, permission, target);
          expect(check(permission, target), JSON.stringify({ groups, target, permission })).to.equal(expected);
          expect(policy.can(user, permission, target)).to.equal(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads the tags of a page only for a tag rule', () => {
    const untouchable: AccessTarget = {
      path: 'kb/a',
      locale: 'nl',
      get tags(): string[] {
        throw new Error('tags read');
      },
    };
    const { policy, user } = single([rule('START', ''), rule('REGEX', '^x'), rule('EXACT', 'kb/b', { deny: true })]);
    expect(policy.prepare(user)('read:pages', untouchable)).to.equal(true);
  });
});

/** Wiki.js's checkAccess as this policy first re-implemented it, rule by rule, for comparison. */
function referenceCan(groups: GroupDefinition[], user: HostUser, permission: Permission, page: AccessTarget): boolean {
  const permissions = [...new Set(user.groups.flatMap((id) => groups.find((g) => g.id === id)?.permissions ?? []))];
  if (permissions.includes('manage:system')) return true;
  if (!permissions.includes(permission)) return false;
  const higher: Record<PageRule['match'], string[]> = { START: ['END', 'REGEX', 'EXACT', 'TAG'], END: ['REGEX', 'EXACT', 'TAG'], REGEX: ['EXACT', 'TAG'], TAG: ['EXACT'], EXACT: [] };
  let state: { deny: boolean; match: PageRule['match'] | null; specificity: string } = { deny: false, match: null, specificity: '' };
  const matches = (r: PageRule): boolean => {
    switch (r.match) {
      case 'START':
        return `/${page.path}`.startsWith(`/${r.path}`);
      case 'END':
        return page.path.endsWith(r.path);
      case 'REGEX':
        try {
          return new RegExp(r.path).test(page.path);
        } catch {
          return false;
        }
      case 'TAG':
        return page.tags.includes(r.path);
      case 'EXACT':
        return `/${page.path}` === `/${r.path}`;
    }
  };
  for (const groupId of user.groups) {
    for (const r of groups.find((g) => g.id === groupId)?.pageRules ?? []) {
      if (r.locales.length > 0 && !r.locales.includes(page.locale)) continue;
      if (!r.roles.includes(permission) || !matches(r)) continue;
      if (r.path.length === state.specificity.length) {
        if (state.match !== null && higher[r.match].includes(state.match)) continue;
        if (r.match === state.match && state.deny && !r.deny) continue;
      } else if (r.path.length < state.specificity.length) {
        continue;
      }
      state = { deny: r.deny, match: r.match, specificity: r.path };
    }
  }
  return state.match !== null && !state.deny;
}
