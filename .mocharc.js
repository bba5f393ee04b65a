'use strict';
// One mocha run for every suite: unit (pure core), db (SQLite always; PostgreSQL and MariaDB when
// reachable, required in CI), browser (dev app in Chromium) and e2e (real Wiki.js via WIKIJS_DIR).
module.exports = {
  require: ['ts-node/register/transpile-only'],
  extension: ['ts'],
  spec: ['test/**/*.test.ts'],
  reporter: './test/support/reporter.js',
  timeout: 20000,
  exit: true,
};
