'use strict';
// Wiki.js markdownCore child: hands the markdown-it instance to the bundled plugin (built from
// server/render/markdown-plugin.ts into the file next to this one).
const { markdownAfsprakenwiki } = require('./markdown-afsprakenwiki.js');

module.exports = {
  init(md, conf) {
    md.use(markdownAfsprakenwiki, {
      language: conf.language,
      systemPageMatrix: conf.systemPageMatrix,
    });
  },
};
