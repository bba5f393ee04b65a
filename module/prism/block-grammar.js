/*
 * Afsprakenwiki: a Prism grammar for each of the extension's block names (installed as
 * assets/js/prism/prism-<name>.min.js). Wiki.js's markdown editor asks Prism's autoloader for a
 * grammar named after every fenced block's language; without one, editing a page with an
 * `afspraak` block logged a 404 and a refused script in the console. The blocks hold YAML.
 */
/* eslint-env browser */
(function () {
  var script = document.currentScript;
  var name = /prism-([a-z-]+)\.min\.js/.exec((script && script.src) || '');
  if (name && window.Prism) window.Prism.languages[name[1]] = window.Prism.languages.yaml || {};
})();
