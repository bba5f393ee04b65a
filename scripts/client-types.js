'use strict';
// Generates the TypeScript types of the client's GraphQL answers (client/generated/graphql.ts,
// not in git) from the SDL and every client/graph/*.graphql document, with GraphQL Code
// Generator. A document that does not match the SDL fails here; a component that no longer fits
// the answer's shape fails the client's type check (scripts/build-client.js --check).
const path = require('path');

const root = path.resolve(__dirname, '..');

/** Wiki.js's root types first: agreements.graphql extends them. */
const SCHEMA = ['server/graph/wikijs-root.graphql', 'server/graph/agreements.graphql'].map((file) => path.join(root, file));
const DOCUMENTS = path.join(root, 'client/graph/*.graphql');
const OUTPUT = path.join(root, 'client/generated/graphql.ts');

/**
 * Writes the types to `output`. `schema` and `documents` (file paths or globs) default to the
 * project's own; the tests pass others.
 */
async function generateClientTypes({ schema = SCHEMA, documents = [DOCUMENTS], output = OUTPUT } = {}) {
  const { generate } = require('@graphql-codegen/cli');
  await generate(
    {
      schema,
      documents,
      generates: {
        [output]: {
          plugins: ['typescript', 'typescript-operations'],
          config: {
            // Only what the documents use: enums, inputs and one type per operation and fragment.
            onlyOperationTypes: true,
            enumsAsTypes: true,
            skipTypename: true,
            useTypeImports: true,
            avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
          },
        },
      },
      silent: true,
      errorsOnly: true,
    },
    true,
  );
}

module.exports = { generateClientTypes };

if (require.main === module) {
  generateClientTypes().catch((err) => {
    console.error(err.message ?? err);
    process.exit(1);
  });
}
