'use strict';
// Which folder may import which (ARCHITECTURE.md, "Rooms"). Run by `npm run depcheck`, part of
// `npm test`. The one rule a module graph cannot express (only server/host touches Wiki.js's WIKI
// global) is checked by test/unit/layering.test.ts.

/** Every folder of ours, so a rule can say "nothing of ours except…". */
const OURS = '^(server|client|dev|test|bench|migrations|scripts|module|bin|locales)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles anywhere: a cycle makes load order matter and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      comment:
        'server/domain is the pure core: it imports other domain modules, its message texts (locales/) ' +
        'and pure libraries, nothing else of ours.',
      severity: 'error',
      from: { path: '^server/domain/' },
      to: { path: OURS, pathNot: '^(server/domain|locales)/' },
    },
    {
      name: 'domain-no-node-modules-of-the-host',
      comment:
        'server/domain is pure: no file system, network, process or clock modules of Node ' +
        '(the same code runs in the browser and in the command line).',
      severity: 'error',
      from: { path: '^server/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'client-reaches-server-only-through-generated-types',
      comment:
        'The client talks to the server over GraphQL only, typed by client/generated (generated from ' +
        'server/graph/agreements.graphql). It may reuse pure functions of server/domain (the same ' +
        'comparison and path rules on both sides, no copies); nothing else of the server, dev app or tests.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: OURS, pathNot: '^(client|server/domain|locales)/' },
    },
    {
      name: 'server-never-imports-dev-or-test',
      comment:
        'dev/ (the dev app and its stand-in Wiki.js), test/ and bench/ may import anything; what ships ' +
        '(server/, migrations/) never depends on them.',
      severity: 'error',
      from: { path: '^(server|migrations)/' },
      to: { path: '^(dev|test|bench|scripts)/' },
    },
    {
      name: 'migrations-only-as-their-list',
      comment:
        'What ships and the dev app reach migrations/ only through its list (migrations/index.ts, run by ' +
        'server/store/migration-source.ts, listed by the installer): no constant of a migration. The one ' +
        'exception is the shared dialect basics (migrations/helpers.ts), re-exported by server/store/dialect.ts only.',
      severity: 'error',
      from: { path: '^(server|dev|bench)/', pathNot: '^server/store/dialect\\.ts$' },
      to: { path: '^migrations/', pathNot: '^migrations/index\\.ts$' },
    },
    {
      name: 'no-unresolvable-imports',
      comment:
        'An import the cruiser cannot resolve is a rule it cannot check. The Wiki.js module files in ' +
        'module/ require the bundle the installer copies next to them (dist/ at build time).',
      severity: 'error',
      from: { pathNot: '^module/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    // `import type` counts: a type import is still a dependency of the layer.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages that publish subpaths through `exports` (csv-parse/sync, csv-stringify/sync).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
  },
};
