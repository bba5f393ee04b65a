'use strict';
// Builds the browser bundle dist/client/afsprakenwiki.js that Wiki.js serves from
// assets/afsprakenwiki/. Vue is not bundled: `vue` resolves to the host's constructor, which the
// entry sets before the app module is evaluated. Vuetify components come from vuetify/lib
// (version of Wiki.js 2.5) without their sass: the host page already carries those styles.
// `node scripts/build-client.js --check` type-checks the client instead (see typecheckClient).
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { generateClientTypes } = require('./client-types');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist/client');

function webpackConfig() {
  const webpack = require('webpack');
  const { VueLoaderPlugin } = require('vue-loader');
  return {
    mode: 'production',
    context: root,
    entry: { afsprakenwiki: './client/index.ts' },
    output: { path: outDir, filename: '[name].js', clean: true },
    target: ['web', 'es2019'],
    devtool: false,
    externals: { vue: '__afsprakenwikiVue' },
    resolve: { extensions: ['.ts', '.js', '.vue', '.json'] },
    module: {
      rules: [
        { test: /\.vue$/, loader: 'vue-loader', options: { compilerOptions: { whitespace: 'condense' } } },
        { test: /\.ts$/, loader: 'esbuild-loader', options: { loader: 'ts', target: 'es2019', tsconfigRaw: {} } },
        { test: /\.css$/, use: ['vue-style-loader', { loader: 'css-loader', options: { esModule: false } }] },
        { test: /\.graphql$/, type: 'asset/source' },
      ],
    },
    plugins: [
      new VueLoaderPlugin(),
      // Vuetify's own sass: the host page has those styles already; an empty module instead.
      new webpack.NormalModuleReplacementPlugin(/\.s[ac]ss$/, 'data:text/javascript,'),
      // One file: the app module stays lazily evaluated but ships inside the entry.
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
    ],
    performance: { hints: false },
    stats: 'errors-warnings',
  };
}

/** Builds dist/client/afsprakenwiki.js. */
async function buildClient() {
  const webpack = require('webpack');
  const stats = await new Promise((resolve, reject) => {
    webpack(webpackConfig(), (err, result) => (err ? reject(err) : resolve(result)));
  });
  if (stats.hasErrors() || stats.hasWarnings()) {
    const info = stats.toString('errors-warnings');
    if (stats.hasErrors()) throw new Error(info);
    console.warn(info);
  }
}

/**
 * Type-checks client/*.ts and the <script lang="ts"> of every .vue file (vue-tsc is not used):
 * each script is copied to `<name>.vue.ts` next to the .ts files in .tmp/, where TypeScript
 * resolves `./X.vue` imports to them, so component types flow between files. The answer types
 * are generated afresh into that copy, from `schema` (default: the project's SDL).
 */
async function typecheckClient({ schema } = {}) {
  const work = path.join(root, '.tmp/client-typecheck');
  fs.rmSync(work, { recursive: true, force: true });
  const copy = (from, to) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) copy(source, target);
      else {
        fs.mkdirSync(to, { recursive: true });
        if (entry.name.endsWith('.vue')) {
          const script = /<script lang="ts">([\s\S]*?)<\/script>/.exec(fs.readFileSync(source, 'utf8'));
          if (!script) throw new Error(`${source}: no <script lang="ts">`);
          fs.writeFileSync(`${target}.ts`, script[1]);
        } else fs.copyFileSync(source, target);
      }
    }
  };
  copy(path.join(root, 'client'), path.join(work, 'client'));
  fs.cpSync(path.join(root, 'locales'), path.join(work, 'locales'), { recursive: true });
  // The client shares pure code with the domain core (e.g. how comparison cells differ).
  fs.cpSync(path.join(root, 'server/domain'), path.join(work, 'server/domain'), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  await generateClientTypes({ schema, documents: [path.join(work, 'client/graph/*.graphql')], output: path.join(work, 'client/generated/graphql.ts') });
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(work, 'client/tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    throw new Error(`The client does not type-check:\n${err.stdout || err.message}`);
  }
}

module.exports = { buildClient, typecheckClient, webpackConfig };

if (require.main === module) {
  (process.argv.includes('--check') ? typecheckClient() : buildClient()).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
