import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, validate } from 'graphql';

const root = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { typecheckClient } = require(path.join(root, 'scripts/build-client.js')) as { typecheckClient: (options?: { schema?: string[] }) => Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateClientTypes } = require(path.join(root, 'scripts/client-types.js')) as {
  generateClientTypes: (options?: { schema?: string[]; documents?: string[]; output?: string }) => Promise<void>;
};

const rootSdl = path.join(root, 'server/graph/wikijs-root.graphql');
const agreementsSdl = readFileSync(path.join(root, 'server/graph/agreements.graphql'), 'utf8');

describe('The client bundle’s TypeScript', function () {
  this.timeout(120_000);
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'afw-client-types-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('type-checks, the <script lang="ts"> blocks of its components included', async () => {
    await typecheckClient();
  });

  it('has a generated answer type for every operation and fragment of every client/graph document', async () => {
    const output = path.join(scratch, 'graphql.ts');
    await generateClientTypes({ output });
    const generated = readFileSync(output, 'utf8');
    const graphDir = path.join(root, 'client/graph');
    const expected = readdirSync(graphDir)
      .filter((file) => file.endsWith('.graphql'))
      .flatMap((file) => [...readFileSync(path.join(graphDir, file), 'utf8').matchAll(/^(query|mutation|fragment) (\w+)/gm)])
      .map(([, kind, name]) => `export type ${name}${kind === 'fragment' ? 'Fragment' : kind === 'query' ? 'Query' : 'Mutation'} =`);
    expect(expected).to.include('export type AfwMatrixQuery =').and.to.include('export type AfwRefFragment =');
    for (const declaration of expected) expect(generated).to.include(declaration);
  });

  it('fails to generate when a document asks for a field the SDL does not have', async () => {
    const document = path.join(scratch, 'drift.graphql');
    writeFileSync(document, 'query AfwDrift($system: String!) { agreements { matrix(system: $system) { unplaced { heading } } } }\n');
    const output = path.join(scratch, 'graphql.ts');
    const failure = await generateClientTypes({ documents: [document], output }).then(
      () => null,
      (err: Error) => err,
    );
    expect(failure?.message).to.match(/Cannot query field "heading" on type "AgreementRef"/);
    expect(existsSync(output)).to.equal(false);
  });

  it('fails the type check when the SDL changes under a component’s use of an answer', async () => {
    // A cell's count becomes nullable: the documents still match, the comparison's code does not.
    const changed = agreementsSdl.replace(/^ {2}count: Int!$/m, '  count: Int');
    expect(changed).not.to.equal(agreementsSdl);
    const sdl = path.join(scratch, 'agreements.graphql');
    writeFileSync(sdl, changed);
    const failure = await typecheckClient({ schema: [rootSdl, sdl] }).then(
      () => null,
      (err: Error) => err,
    );
    expect(failure?.message).to.match(/error TS\d+/).and.to.match(/'number \| null' is not assignable to type 'number'/);
  });

  it('sends every operation of client/graph with the fragments it spreads, valid against the SDL', () => {
    // The generator sees every document at once; the client sends one document plus the shared
    // fragments it spreads (api.ts withFragments), which GraphQL checks on its own.
    const graphDir = path.join(root, 'client/graph');
    const operations = readdirSync(graphDir).filter((file) => file.endsWith('.graphql') && file !== 'agreements-fragments.graphql');
    const names = readdirSync(graphDir).filter((file) => file.endsWith('.graphql')).flatMap((file) => [...readFileSync(path.join(graphDir, file), 'utf8').matchAll(/^(?:query|mutation|fragment) (\w+)/gm)].map(([declaration]) => declaration));
    expect(names).to.include('query AfwMatrix').and.to.include('mutation AfwImportAgreements');
    expect(names.filter((name, index) => names.indexOf(name) !== index), 'operations and fragments named twice').to.deep.equal([]);

    const schema = makeExecutableSchema({ typeDefs: [readFileSync(rootSdl, 'utf8'), agreementsSdl] });
    // The bundle loads a .graphql file as its text (webpack asset/source); here too, for api.ts.
    const extensions = require.extensions as Record<string, (module: NodeModule, filename: string) => void>;
    extensions['.graphql'] = (module, filename) => {
      module.exports = readFileSync(filename, 'utf8');
    };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { withFragments } = require(path.join(root, 'client/api.ts')) as { withFragments: (query: string) => string };
      for (const file of operations) {
        const errors = validate(schema, parse(withFragments(readFileSync(path.join(graphDir, file), 'utf8'))));
        expect(errors.map((error) => `${file}: ${error.message}`)).to.deep.equal([]);
      }
      // A shared fragment that spreads another brings it along, and only the fragments used come.
      const sent = withFragments('query AfwProbe { agreements { systems { ...AfwSystem } } }');
      expect([...sent.matchAll(/^fragment (\w+)/gm)].map(([, name]) => name)).to.deep.equal(['AfwSystem', 'AfwFramework']);
    } finally {
      delete extensions['.graphql'];
    }
  });
});
