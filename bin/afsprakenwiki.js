#!/usr/bin/env node
'use strict';
// The command line, bundled with everything it needs into dist/cli.js by `npm run build` (run by
// `npm ci` and `npm pack` through prepare): the release tarball needs no other package. The
// database steps use the target wiki's own knex and driver.
require('../dist/cli.js').main(process.argv).then((code) => { process.exitCode = code; });
