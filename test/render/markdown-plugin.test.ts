import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { compile } from 'vue-template-compiler';
import { markdownAfsprakenwiki, languageOfBlocks } from '../../server/render/markdown-plugin';

/** markdown-it as Wiki.js's markdown-core sets it up (HTML allowed), with our plugin. */
function render(markdown: string, env?: Record<string, unknown>, options = {}): string {
  const md = new MarkdownIt({ html: true });
  md.use(markdownAfsprakenwiki, options);
  return md.render(markdown, env);
}

const fence = (name: string, body: string) => `\`\`\`${name}\n${body}\n\`\`\`\n`;

/** Wiki.js's html-security step, exactly: DOMPurify 3.3.1 on jsdom 16.4.0 with its options. */
function sanitize(html: string): string {
  const purify = createDOMPurify(new JSDOM('').window as never);
  return purify.sanitize(html, {
    ADD_ATTR: ['v-pre', 'v-slot:tabs', 'v-slot:content', 'target'],
    ADD_TAGS: ['tabset', 'template', 'foreignObject'],
    HTML_INTEGRATION_POINTS: { foreignobject: true },
  });
}

/** The same markup as the browser's parser serialises it, for comparison with the sanitiser's output. */
function normalise(html: string): string {
  const dom = new JSDOM('');
  dom.window.document.body.innerHTML = html;
  return dom.window.document.body.innerHTML;
}

/** Vue 2.6 compiles page HTML as a template: the render code must hold no interpolation. */
function vueInterpolations(html: string): number {
  const { render: code } = compile(`<div>${html}</div>`);
  return (code.match(/_s\(/g) ?? []).length;
}

const SYSTEM = `key: kb-overvecht
titel: Krachtige Basiszorg Overvecht
regio: Utrecht Overvecht
versie: "2.1"
datum: 2019-02-01
eigenaar: Stichting Overvecht Gezond
probleem: Basiszorg is minder toegankelijk
doelen: [Goede ervaren gezondheid, Gezonde professionals]
partijen:
  - { key: huisartsen, naam: Huisartsenpraktijken Overvecht }
themas:
  - { key: solk, titel: SOLK, contact: "poh@example.org" }
resultaten:
  - { indicator: Ervaren gezondheid, van: 4.7, naar: 6.1 }
vergelijk-met: kb-noordwest`;

const AGREEMENT = `stelsel: kb-overvecht
kolom: [dienstverlening]
laag: werkafspraken
thema: solk
status: vastgesteld
partijen: [huisartsen, buurtteam]
eigenaar: POH GGZ Overvecht
vastgesteld: 2018-03-29
herzien-voor: 2020-03-29
bronnen: ["https://example.org/solk.pdf", "intranet map 3"]
contact: poh@example.org`;

interface Case {
  title: string;
  markdown: string;
  env?: Record<string, unknown>;
  contains: string[];
  absent?: string[];
}

const CASES: Case[] = [
  {
    title: 'a system block becomes a metadata card followed by the matrix placeholder',
    markdown: fence('afsprakenstelsel', SYSTEM),
    contains: [
      '<div class="afsprakenwiki-system" lang="nl" v-pre data-system="kb-overvecht">',
      '<p class="afsprakenwiki-card-title">Krachtige Basiszorg Overvecht</p>',
      '<dt>Regio</dt><dd>Utrecht Overvecht</dd>',
      '<span data-party="huisartsen">Huisartsenpraktijken Overvecht</span>',
      '<th>indicator</th>',
      '<div class="afsprakenwiki-matrix" data-system="kb-overvecht" aria-live="polite">',
    ],
    absent: ['afsprakenwiki-error'],
  },
  {
    title: 'an agreement block becomes a card with framework labels, status label and links to web sources',
    markdown: fence('afspraak', AGREEMENT),
    contains: [
      'class="afsprakenwiki-agreement"',
      'data-systems="kb-overvecht"',
      '<span data-column="dienstverlening">Dienstverlening</span>',
      '<span data-layer="werkafspraken">Werkafspraken</span>',
      '<span data-status="vastgesteld">Vastgesteld</span>',
      '<a href="https://example.org/solk.pdf" rel="noopener noreferrer" target="_blank">',
      '<li>intranet map 3</li>',
    ],
  },
  {
    title: 'an agreement block with only links and empty fields gives no empty card, only the element its links are shown after',
    markdown: fence('afspraak', 'gebaseerd-op: /nl/kb-overvecht/solk/samenwerking\nvolgt-uit: kb-noordwest/normen/toegankelijk\neigenaar:\nherzien-voor:'),
    contains: ['<div class="afsprakenwiki-agreement" lang="nl" v-pre></div>'],
    absent: ['afsprakenwiki-card', 'afsprakenwiki-error'],
  },
  {
    title: 'English field names give English labels',
    markdown: fence('agreement', 'system: kb-overvecht\ncolumn: learning\nlayer: norms\nstatus: agreed\nowner: Team'),
    contains: ['lang="en"', '<dt>Owner</dt>', '<span data-column="learning">learning</span>', '<span data-status="vastgesteld">Agreed</span>'],
  },
  {
    title: 'the locale in the markdown-it env wins over the field names',
    markdown: fence('agreement', 'system: kb\nowner: Team'),
    env: { locale: 'nl' },
    contains: ['lang="nl"', '<dt>Eigenaar</dt>'],
  },
  {
    title: 'a matrix embed becomes a placeholder carrying its filters',
    markdown: fence('afsprakenmatrix', 'stelsel: kb-overvecht\nhoofdstuk: kwaliteit\nthema: [solk, meer-bewegen]\nstatus: vastgesteld\nmet-vervallen: ja'),
    contains: [
      'class="afsprakenwiki-matrix" data-system="kb-overvecht" data-filter-chapter="kwaliteit" data-filter-themes="solk,meer-bewegen" data-filter-statuses="vastgesteld" data-include-retired="true"',
      'Matrix van stelsel kb-overvecht wordt geladen',
    ],
  },
  {
    title: 'a comparison embed without b leaves the partner to the reader',
    markdown: fence('afsprakenvergelijking', 'a: kb-overvecht'),
    contains: ['<div class="afsprakenwiki-comparison" data-a="kb-overvecht" aria-live="polite">'],
    absent: ['data-b='],
  },
  {
    title: 'broken YAML gives an error box with the line, and the rest of the page renders',
    markdown: `# Titel\n\n${fence('afspraak', 'stelsel: kb\nkolom: [leren\nlaag: normen')}\nNa het blok.`,
    contains: ['class="afsprakenwiki-error afsprakenwiki-error-error" role="alert" data-block="afspraak"', 'Fout in het afspraak-blok', 'data-code="yaml-syntax"', '<p>Na het blok.</p>', '<h1>Titel</h1>'],
  },
  {
    title: 'a system block without key shows only the error box naming the field',
    markdown: fence('afsprakenstelsel', 'titel: Zonder sleutel'),
    contains: ['data-code="missing-field"', "Verplicht veld 'key' ontbreekt."],
    absent: ['afsprakenwiki-matrix', 'afsprakenwiki-card'],
  },
  {
    title: 'an invalid field points at its own line in the page',
    markdown: `Intro\n\n${fence('afsprakenstelsel', 'key: kb\npartijen: 12\nvergelijk-met: "niet geldig!"')}`,
    contains: ['data-line="6" data-field="vergelijk-met" data-code="invalid-field"', 'regel 6'],
  },
  {
    title: 'a huge block is reported as too large and not read',
    markdown: fence('afspraak', `eigenaar: ${'x'.repeat(70000)}`),
    contains: ['data-code="block-too-large"'],
    absent: ['afsprakenwiki-card'],
  },
  {
    title: 'a matrix embed without system is an error, not a placeholder',
    markdown: fence('agreement-matrix', 'theme: solk'),
    contains: ['data-code="missing-field"', 'lang="en"'],
    absent: ['afsprakenwiki-matrix'],
  },
  {
    title: 'other fences are left to markdown-it',
    markdown: fence('js', 'const a = "<b>";'),
    contains: ['<pre><code class="language-js">const a = &quot;&lt;b&gt;&quot;;\n</code></pre>'],
    absent: ['afsprakenwiki'],
  },
];

describe('the markdown renderer (module markdownAfsprakenwiki)', () => {
  for (const c of CASES) {
    it(c.title, () => {
      const html = render(c.markdown, c.env);
      for (const part of c.contains) expect(html).to.contain(part);
      for (const part of c.absent ?? []) expect(html).not.to.contain(part);
    });
  }

  it('follows the language fixed by the administrator unless the env names one', () => {
    expect(render(fence('afspraak', 'eigenaar: x'), undefined, { language: 'en' })).to.contain('<dt>Owner</dt>');
    expect(render(fence('afspraak', 'eigenaar: x'), { locale: 'nl-be' }, { language: 'en' })).to.contain('<dt>Eigenaar</dt>');
  });

  it('decides one language per page from all its blocks', () => {
    expect(languageOfBlocks([{ name: 'afspraak', body: 'stelsel: a' }, { name: 'agreement', body: 'status: x' }])).to.equal('nl');
    expect(languageOfBlocks([{ name: 'agreement', body: 'system: a\ncolumn: b' }])).to.equal('en');
    // Keys after list dashes, in quotes, indented, and after blank lines.
    expect(languageOfBlocks([{ name: 'afspraak', body: '\n\n  - "system": a\n\t\'column\' : b\n- owner: c' }])).to.equal('en');
    expect(languageOfBlocks([])).to.equal('nl');
  });

  it('renders a 64 KB block of 64,000 blank lines (and one of 64,000 dashes) in linear time', function () {
    // Bounded generously: the language guess used to backtrack over every run of blank lines (seconds).
    this.timeout(3000);
    const md = new MarkdownIt();
    md.use(markdownAfsprakenwiki);
    const blank = md.render(`\`\`\`agreement\nsystem: kb-test\ncolumn: learning\n${'\n'.repeat(64000)}# end\n\`\`\`\n`);
    expect(blank).to.include('lang="en"');
    const dashes = md.render(`\`\`\`afspraak\n${'-'.repeat(64000)}\n\`\`\`\n`);
    expect(dashes).to.include('afsprakenwiki-agreement');
  });

  it('can leave the matrix off a system page when the administrator says so', () => {
    expect(render(fence('afsprakenstelsel', 'key: kb'), undefined, { systemPageMatrix: false })).not.to.contain('afsprakenwiki-matrix');
  });
});

describe('rendered blocks after Wiki.js html-security and Vue', () => {
  const everyBlock = [
    fence('afsprakenstelsel', SYSTEM),
    fence('afspraak', AGREEMENT),
    fence('afsprakenmatrix', 'stelsel: kb\nthema: solk'),
    fence('afsprakenvergelijking', 'a: kb\nb: nw'),
    fence('afsprakenkader', 'key: k\ntitel: {nl: Kader, en: Framework}\nhoofdstukken:\n  - key: h\n    kolommen: [{key: c}]\nlagen: [{key: l}]'),
    fence('afspraak', 'kolom: [leren'),
  ].join('\n');

  it('keeps every element and attribute the renderer emits', () => {
    const html = render(everyBlock);
    expect(sanitize(html)).to.equal(normalise(html));
  });

  const PAYLOAD = `<script>alert(1)</script>"><img src=x onerror=alert(2)>{{ constructor.constructor('alert(3)')() }}`;
  const q = JSON.stringify(PAYLOAD);
  const hostileSystem = [
    `key: kb`,
    ...['titel', 'kader', 'regio', 'versie', 'datum', 'eigenaar', 'probleem', 'vergelijk-met'].map((f) => `${f}: ${q}`),
    `doelen: [${q}]`,
    `partijen: [{ key: ${q}, naam: ${q} }, { key: p, naam: ${q} }]`,
    `themas: [{ key: t, titel: ${q}, contact: ${q} }]`,
    `resultaten: [{ ${q}: ${q} }]`,
    `${q}: 1`,
  ].join('\n');
  const hostileAgreement = [
    ...['stelsel', 'kolom', 'hoofdstuk', 'laag', 'thema', 'status', 'partijen', 'eigenaar', 'vastgesteld', 'herzien-voor', 'contact'].map((f) => `${f}: ${q}`),
    `bronnen: [${q}, "javascript:alert(4)"]`,
  ].join('\n');
  const hostileEmbeds = [fence('afsprakenmatrix', `stelsel: ${q}\nthema: ${q}`), fence('afsprakenvergelijking', `a: kb\nb: ${q}\npartij: ${q}`)].join('\n');
  const hostile = [fence('afsprakenstelsel', hostileSystem), fence('afspraak', hostileAgreement), hostileEmbeds].join('\n');

  it('shows script, markup and mustaches written in any metadata field as plain text', () => {
    const html = render(hostile);
    const dom = new JSDOM('');
    dom.window.document.body.innerHTML = html;
    expect(dom.window.document.body.querySelectorAll('script, img, [onerror], a[href^="javascript"]').length).to.equal(0);
    // Invalid keys never reach data-* attributes (Wiki.js's cheerio writes '<' there unescaped).
    expect(html).not.to.match(/data-[a-z-]+="[^"]*&lt;/);
    expect(html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('passes the sanitiser unchanged, so nothing hostile needed stripping', () => {
    const html = render(hostile);
    expect(sanitize(html)).to.equal(normalise(html));
  });

  it('gives Vue no mustache to evaluate, because every block root carries v-pre', () => {
    const html = sanitize(render(hostile));
    expect(html).to.contain('{{ constructor.constructor');
    expect(vueInterpolations(html)).to.equal(0);
    // The check itself works: the same text without our v-pre would be interpolated.
    expect(vueInterpolations(html.replace(/ v-pre=""/g, ''))).to.be.greaterThan(0);
  });
});
