#!/usr/bin/env node
'use strict';
// The command line is bundled into dist/cli.js by `npm run build` (run on `npm ci` by prepare).
require('../dist/cli.js').main(process.argv).then((code) => { process.exitCode = code; });
