'use strict';
// Afsprakenwiki boot hook. Wiki.js (core/extensions.js) requires every
// server/modules/extensions/<dir>/ext.js at boot and awaits check(); this one starts the
// extension (bundled next to it as afsprakenwiki.js). It never throws: a failure is logged and
// Wiki.js keeps working without the extension.
const path = require('path');

/* global WIKI */

module.exports = {
  key: 'afsprakenwiki',
  title: 'Afsprakenwiki',
  description: 'Agreement systems (afsprakenstelsels): matrix, comparison and framework navigation from tagged pages. / Afsprakenstelsels: matrix, vergelijking en kadernavigatie uit getagde pagina\'s.',
  isInstalled: false,
  async isCompatible() {
    return true;
  },
  async check() {
    try {
      const { boot } = require(path.join(__dirname, 'afsprakenwiki.js'));
      const result = await boot(__dirname);
      this.isInstalled = result.ok;
    } catch (err) {
      this.isInstalled = false;
      try {
        WIKI.logger.error(`[afsprakenwiki] not started, Wiki.js runs without it: ${err && err.message}`);
      } catch {
        // No logger either: stay silent rather than break Wiki.js's boot.
      }
    }
    return this.isInstalled;
  },
};
