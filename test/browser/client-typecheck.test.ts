import path from 'path';

describe('The client bundle’s TypeScript', function () {
  this.timeout(120_000);

  it('type-checks, the <script lang="ts"> blocks of its components included', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { typecheckClient } = require(path.resolve(__dirname, '../../scripts/build-client.js')) as { typecheckClient: () => void };
    typecheckClient();
  });
});
