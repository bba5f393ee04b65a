'use strict';
// Builds everything the command line, the installer and the dev app need into dist/:
// server bundles (CommonJS, `graphql` and `knex` left to the host) and the client bundle.
// Runs on `npm ci` (prepare) and `npm run build`.
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');

/** Node entry points: [source, output]. Everything but the host's shared packages is bundled in. */
const serverEntries = [
  ['server/cli/main.ts', 'dist/cli.js'],
  // The Wiki.js overlay (dist/wiki mirrors the wiki's tree; the installer copies from there).
  ['server/host/boot.ts', 'dist/wiki/server/modules/extensions/afsprakenwiki/afsprakenwiki.js'],
  ['server/graph/wiki-resolvers.ts', 'dist/wiki/server/graph/resolvers/agreements.js'],
  ['server/render/markdown-plugin.ts', 'dist/wiki/server/modules/rendering/markdown-afsprakenwiki/markdown-afsprakenwiki.js'],
];

/** Packages the host (Wiki.js) provides, or that only the command line's database tools need. */
const external = ['graphql', 'knex', 'sqlite3', 'pg', 'mysql2', 'playwright-core'];

async function buildServer() {
  await Promise.all(
    serverEntries.map(([source, output]) =>
      esbuild.build({
        entryPoints: [path.join(root, source)],
        outfile: path.join(root, output),
        bundle: true,
        platform: 'node',
        target: 'node18',
        format: 'cjs',
        sourcemap: false,
        legalComments: 'none',
        external,
        logLevel: 'warning',
      }),
    ),
  );
}

async function main() {
  await buildServer();
  // The client's answer types (client/generated, not in git): fails when a document and the SDL
  // disagree.
  await require('./client-types').generateClientTypes();
  const clientBuild = path.join(__dirname, 'build-client.js');
  if (require('fs').existsSync(clientBuild)) await require(clientBuild).buildClient();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
