'use strict';
// The spec reporter, plus a closing line "N passed, N failed, N skipped" that CI tooling reads,
// and the reasons suites gave for skipping (databases or Wiki.js not available).
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class ClosingLineReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const reasons = global.__afsprakenwikiSkips || [];
      if (reasons.length) {
        console.log('\nSkipped suites:');
        for (const reason of reasons) console.log(`  - ${reason}`);
      }
      console.log(`\ntests: ${passes} passed, ${failures} failed, ${pending} skipped`);
    });
  }
}

module.exports = ClosingLineReporter;
